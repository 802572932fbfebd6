"""One screen per file; dialogs are ModalScreens that dismiss with a value."""
