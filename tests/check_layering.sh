#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The house rules a script can check (DESIGN.md rules 1 and 8, and the floors):
#  1. device code only under src/hardware/ and in src/tensor/dispatch.*;
#  2. no vendor headers in public headers;
#  3. no include that points up a floor.
set -u
cd "$(dirname "$0")/.."
status=0
hits=$(grep -rnE 'isGPU\(|isCPU\(|isFPGA\(|cuda[A-Z][a-zA-Z]*\(|cudnn[A-Z][a-zA-Z]*\(|cublas[A-Z][a-zA-Z]*\(|xrt::|#if(def)? *EDDL_WITH_' \
       src include | grep -vE '^src/hardware/|^src/tensor/dispatch' | grep -v 'bool isCPU() const;\|bool isGPU() const;\|bool isFPGA() const;')
if [ -n "$hits" ]; then echo "device code outside src/hardware and the dispatch:"; echo "$hits"; status=1; fi
vendor=$(grep -rnE '#include *[<"](cuda|cudnn|cublas|xrt|CL/|oneapi|dnnl)' include)
if [ -n "$vendor" ]; then echo "vendor headers in public headers:"; echo "$vendor"; status=1; fi
# Floors from the bottom; a file may include its own floor and those below.
floors=(hardware tensor compserv initializers regularizers layers losses metrics optimizers net serialization datasets apis)
rank() { for i in "${!floors[@]}"; do [ "${floors[$i]}" = "$1" ] && echo "$i" && return; done; echo 99; }
for dir in "${floors[@]}"; do
  [ -d "src/$dir" ] || continue
  own=$(rank "$dir")
  while IFS= read -r line; do
    target=$(echo "$line" | sed -E 's/.*#include *"([a-z_]+)\/.*/\1/')
    r=$(rank "$target")
    # Sibling floors (layers/losses/metrics/optimizers, initializers/regularizers) share a storey.
    if [ "$r" != 99 ] && [ "$r" -gt "$own" ] && ! { [ "$dir" = optimizers ] && [ "$target" = layers ]; }; then
      echo "src/$dir includes a higher floor: $line"; status=1
    fi
  done < <(grep -rhE '#include *"[a-z_]+/' "src/$dir" | grep -v '"eddl/')
done
[ $status -eq 0 ] && echo "layering: ok"
exit $status
