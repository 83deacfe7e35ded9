#ifndef CKUSARI_KERNELS_H
#define CKUSARI_KERNELS_H
int kusari_cpu_features(void);
#endif
