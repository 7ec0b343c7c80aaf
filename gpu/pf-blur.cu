#include "pf-cuda-private.h"
