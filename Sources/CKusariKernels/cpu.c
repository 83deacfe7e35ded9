#include "CKusariKernels.h"
int kusari_cpu_features(void) { return 0; }
