/* pf-npp-shim.c — the few NVIDIA NPP calls photoff-bench compares against
 *
 * Built where NPP's headers and libraries are (the GPU machine has them, the build
 * machine may not) into libphotoff-npp.so, which photoff-bench loads at run time:
 *
 *   gcc -O2 -shared -fPIC -I/usr/local/cuda/include tests/bench/pf-npp-shim.c \
 *       -L/usr/local/cuda/lib64 -lnppig -lnppif -lnppc -lcudart -o libphotoff-npp.so
 */
#include <cuda_runtime.h>
#include <npp.h>
#include <stdio.h>

static NppStreamContext
stream_context (void *stream)
{
  NppStreamContext c = { 0 };
  struct cudaDeviceProp prop;
  int device = 0;
  unsigned flags = 0;
  cudaGetDevice (&device);
  cudaGetDeviceProperties (&prop, device);
  cudaStreamGetFlags ((cudaStream_t) stream, &flags);
  c.hStream = (cudaStream_t) stream;
  c.nCudaDeviceId = device;
  c.nMultiProcessorCount = prop.multiProcessorCount;
  c.nMaxThreadsPerMultiProcessor = prop.maxThreadsPerMultiProcessor;
  c.nMaxThreadsPerBlock = prop.maxThreadsPerBlock;
  c.nSharedMemPerBlock = prop.sharedMemPerBlock;
  c.nCudaDevAttrComputeCapabilityMajor = prop.major;
  c.nCudaDevAttrComputeCapabilityMinor = prop.minor;
  c.nStreamFlags = flags;
  return c;
}

const char *
pf_npp_version (void)
{
  static char text[64];
  const NppLibraryVersion *v = nppGetLibVersion ();
  snprintf (text, sizeof text, "NPP %d.%d.%d", v->major, v->minor, v->build);
  return text;
}

/* method: 0 nearest, 1 linear, 2 cubic, 3 lanczos, 4 super-sampling. Returns NppStatus. */
int
pf_npp_resize (void *stream, const void *src, int sw, int sh, void *dst, int dw, int dh,
               int method)
{
  static const int interp[] = { NPPI_INTER_NN, NPPI_INTER_LINEAR, NPPI_INTER_CUBIC,
                                NPPI_INTER_LANCZOS, NPPI_INTER_SUPER };
  NppiSize ssize = { sw, sh }, dsize = { dw, dh };
  NppiRect sroi = { 0, 0, sw, sh }, droi = { 0, 0, dw, dh };
  return nppiResize_8u_C4R_Ctx ((const Npp8u *) src, sw * 4, ssize, sroi, (Npp8u *) dst, dw * 4,
                                dsize, droi, interp[method], stream_context (stream));
}

/* A separable Gaussian with @taps coefficients (device memory), edges replicated. */
int
pf_npp_gauss (void *stream, const void *src, void *dst, int w, int h, int taps,
              const float *kernel)
{
  NppiSize size = { w, h };
  NppiPoint offset = { 0, 0 };
  return nppiFilterGaussAdvancedBorder_8u_C4R_Ctx ((const Npp8u *) src, w * 4, size, offset,
                                                   (Npp8u *) dst, w * 4, size, taps, kernel,
                                                   NPP_BORDER_REPLICATE, stream_context (stream));
}
