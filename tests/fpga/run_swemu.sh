#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run_swemu.sh HEAP_FIX COMMAND...: runs COMMAND in XRT software emulation (EDDL_FPGA_MODE=sw_emu)
# the way docs/fpga.md describes: in its own session (the XRT shim signals its whole process group
# when the device process dies), with a USER of its own (the shim's socket directory, /tmp/$USER,
# removed afterwards) and the preload fix for Debian's libxrt_swemu heap bug. HEAP_FIX "none" means
# this eddl was built without XRT: the test is skipped (exit 77, CTest's SKIP_RETURN_CODE).
set -u
if [ $# -lt 2 ]; then
  echo "usage: run_swemu.sh HEAP_FIX|none COMMAND..." >&2
  exit 2
fi
fix=$1
shift
if [ "$fix" = none ]; then
  echo "skipped: this eddl was built without XRT; install libxrt-dev libxrt1 uuid-dev libprotobuf-dev" \
       "protobuf-compiler libffi-dev (scripts/setup.sh) and rebuild for the sw_emu tests"
  exit 77
fi
user="eddl_ci_$$_${RANDOM}"
setsid env USER="$user" LD_PRELOAD="$fix" XCL_EMULATION_MODE=sw_emu EDDL_FPGA_MODE=sw_emu "$@"
status=$?
rm -rf "/tmp/$user"
exit $status
