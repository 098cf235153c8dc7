// SPDX-License-Identifier: MIT
// libeddl_swemu_heap_fix.so, for LD_PRELOAD: works around the alloc_void bug of Debian's
// libxrt_swemu (swemu_heap_bug.h). alloc_void is called inside the library, so it cannot be
// interposed; the malloc and realloc it calls through the PLT can. When one of them is called from
// inside the buggy alloc_void, malloc returns a buffer big enough for every message and realloc
// keeps the pointer alloc_void forgets to store. Every other caller goes straight to libc.
#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

#include "swemu_heap_bug.h"

namespace {
using MallocFn = void* (*)(size_t);
using ReallocFn = void* (*)(void*, size_t);
using DlopenFn = void* (*)(const char*, int);

const char* buggy_begin = nullptr;  // alloc_void, once the buggy shim is loaded
// initial-exec: the flag must not need __tls_get_addr, which may itself allocate.
__attribute__((tls_model("initial-exec"))) thread_local bool resolving = false;

template <class Fn>
Fn next(const char* name) {
  resolving = true;  // dlsym may allocate: those calls must not recurse into the lookup
  Fn fn = reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
  resolving = false;
  return fn;
}

bool from_alloc_void(const void* return_address) {
  const char* r = static_cast<const char*>(return_address);
  return buggy_begin != nullptr && r > buggy_begin && r < buggy_begin + sizeof eddl_swemu_heap_bug::kCode;
}
}  // namespace

extern "C" {

int eddl_swemu_heap_fix_active = 1;

void* dlopen(const char* file, int mode) {
  static const DlopenFn real = next<DlopenFn>("dlopen");
  void* handle = real(file, mode);
  if (handle != nullptr && buggy_begin == nullptr) {
    const void* fn = dlsym(handle, eddl_swemu_heap_bug::kAllocVoid);
    if (eddl_swemu_heap_bug::is_buggy(fn)) buggy_begin = static_cast<const char*>(fn);
  }
  return handle;
}

void* malloc(size_t bytes) {
  static MallocFn real = nullptr;
  if (real == nullptr) {
    // Before libc's malloc is known (or while dlsym looks it up), a static arena serves: the
    // few bytes dlsym asks for are never freed.
    static char arena[4096];
    static size_t used = 0;
    if (resolving) {
      const size_t at = (used + 15) / 16 * 16;
      if (at + bytes > sizeof arena) return nullptr;
      used = at + bytes;
      return arena + at;
    }
    real = next<MallocFn>("malloc");
  }
  if (from_alloc_void(__builtin_return_address(0)) && bytes < eddl_swemu_heap_bug::kBufferBytes) {
    return real(eddl_swemu_heap_bug::kBufferBytes);
  }
  return real(bytes);
}

void* realloc(void* p, size_t bytes) {
  static const ReallocFn real = next<ReallocFn>("realloc");
  if (from_alloc_void(__builtin_return_address(0))) {
    if (bytes <= eddl_swemu_heap_bug::kBufferBytes) return p;
    std::fprintf(stderr, "eddl swemu heap fix: an XRT message of %zu bytes exceeds the %zu-byte buffer; "
                 "lower SW_EMU_PACKET_SIZE\n", bytes, eddl_swemu_heap_bug::kBufferBytes);
    std::abort();
  }
  return real(p, bytes);
}

}  // extern "C"
