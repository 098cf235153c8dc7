// SPDX-License-Identifier: MIT
// Debian's libxrt_swemu 2.13.466+dfsg-8 has a heap bug: CpuemShim::alloc_void grows the RPC buffer
// with realloc but never stores the new pointer, so every message larger than the first is
// serialised into freed memory (the host dies in load_xclbin). The fix (swemu_heap_fix.cpp, an
// LD_PRELOAD library) and the runtime's check (xrt_runtime.cpp) both recognise that build by the
// function's exact machine code, so neither ever touches a fixed or different build.
#pragma once

#include <cstddef>
#include <cstring>

namespace eddl_swemu_heap_bug {

constexpr const char* kShim = "libxrt_swemu.so.2";
constexpr const char* kAllocVoid = "_ZN12xclcpuemhal29CpuemShim10alloc_voidEm";
/// alloc_void's 0x60 bytes in the buggy build: after a successful realloc it jumps straight to
/// the return (75 e6) where the fixed code would store rax into the buffer pointer.
constexpr unsigned char kCode[0x60] = {
    0x55, 0x48, 0x89, 0xf5, 0x53, 0x48, 0x89, 0xfb, 0x48, 0x83, 0xec, 0x08, 0x48, 0x8b, 0x87, 0x78,
    0x06, 0x00, 0x00, 0x48, 0x85, 0xc0, 0x74, 0x10, 0x48, 0x39, 0xf0, 0x72, 0x23, 0x48, 0x83, 0xc4,
    0x08, 0x5b, 0x5d, 0xc3, 0x0f, 0x1f, 0x40, 0x00, 0x48, 0x89, 0xf7, 0xe8, 0x10, 0xe3, 0xfd, 0xff,
    0x48, 0x89, 0x83, 0x70, 0x06, 0x00, 0x00, 0x48, 0x89, 0xe8, 0xeb, 0xe1, 0x0f, 0x1f, 0x40, 0x00,
    0x48, 0x8b, 0xbf, 0x70, 0x06, 0x00, 0x00, 0xe8, 0x14, 0xe6, 0xfd, 0xff, 0x48, 0x85, 0xc0, 0x75,
    0xe6, 0x48, 0x8b, 0xbb, 0x70, 0x06, 0x00, 0x00, 0xe8, 0xc3, 0xe1, 0xfd, 0xff, 0xeb, 0xd8, 0x90};
/// The buffer the fix hands alloc_void up front: larger than any message (8 MiB data chunks).
constexpr size_t kBufferBytes = size_t{64} << 20;
/// Exported by the fix library, so the runtime can tell that it is loaded.
constexpr const char* kActiveSymbol = "eddl_swemu_heap_fix_active";

/// Whether the code at `fn` is the buggy alloc_void.
inline bool is_buggy(const void* fn) { return fn != nullptr && std::memcmp(fn, kCode, sizeof kCode) == 0; }

}  // namespace eddl_swemu_heap_bug
