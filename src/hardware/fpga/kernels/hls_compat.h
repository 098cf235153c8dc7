// SPDX-License-Identifier: MIT
// What the HLS kernels need from Vitis HLS, for C simulation with g++: the tile sizes every kernel
// shares, and the declarations generated from the one kernel table. `#pragma HLS` lines are
// ignored by g++ (-Wno-unknown-pragmas); v++ reads them when a user synthesises the same files.
#pragma once

#include "hardware/fpga/kernel_table.h"

// On-chip buffer sizes: fixed at compile time, as synthesis needs (BRAM is sized from them).
#define EDDL_HLS_TILE 32          // GEMM tile edge (a 32x32 float tile is 4 KiB)
#define EDDL_HLS_CONV_TILE_OC 16  // output channels accumulated together by the conv kernel
#define EDDL_HLS_MAX_CHANNELS 4096

// The extern "C" top functions, declared from the table: a kernel file whose definition disagrees
// with its table line fails to compile ("conflicting declaration of C function").
#define EDDL_FPGA_DECL_R(name) const float* name
#define EDDL_FPGA_DECL_W(name) float* name
#define EDDL_FPGA_DECL_I(name) int name
#define EDDL_FPGA_DECL_F(name) float name
#define EDDL_FPGA_DECLARE(kname, family, args) void kname args;
extern "C" {
EDDL_FPGA_KERNELS(EDDL_FPGA_DECLARE, EDDL_FPGA_DECL_R, EDDL_FPGA_DECL_W, EDDL_FPGA_DECL_I, EDDL_FPGA_DECL_F)
}
