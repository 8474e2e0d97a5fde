int tiny(void) { return 42; }
