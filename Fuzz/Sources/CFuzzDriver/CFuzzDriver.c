// Empty: the module only declares libFuzzer's LLVMFuzzerRunDriver (see include/CFuzzDriver.h).
