/* pf-status.c — status codes as sentences */
#include "pf-private.h"

const char *
pf_status_to_string (PfStatus status)
{
  switch (status)
    {
    case PF_OK:
      return "success";
    case PF_ERROR_INVALID_ARGUMENT:
      return "invalid argument";
    case PF_ERROR_CAPACITY:
      return "size exceeds the image's capacity";
    case PF_ERROR_TOO_LARGE:
      return "image too large (limit 32768 pixels a side, 268435456 pixels)";
    case PF_ERROR_OUT_OF_MEMORY:
      return "out of memory";
    case PF_ERROR_NO_DEVICE:
      return "no usable CUDA device";
    case PF_ERROR_DEVICE:
      return "GPU device error";
    case PF_ERROR_WRONG_CONTEXT:
      return "image belongs to another context";
    }
  return "unknown status";
}
