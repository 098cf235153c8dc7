# SPDX-License-Identifier: MIT
"""Rewrites a .cu file's kernel launches `kernel<<<grid, block, smem, stream>>>(args);` into host
calls of shim/hardware/gpu/emulated_launch.h: launch_with_barriers when the file uses
__syncthreads, launch_in_turn otherwise. Usage: rewrite_launches.py IN.cu OUT.cpp"""
import re
import sys


def split_top_level(text):
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    parts.append(current.strip())
    return parts


def rewrite(source):
    mode = "launch_with_barriers" if "__syncthreads" in source else "launch_in_turn"
    out, pos = [], 0
    for m in re.finditer(r"([A-Za-z_][A-Za-z_0-9]*(?:<[^<>]*>)?)\s*<<<", source):
        if m.start() < pos:
            continue
        config_end = source.index(">>>", m.end())
        config = split_top_level(source[m.end():config_end])
        i = source.index("(", config_end)
        depth, j = 0, i
        while True:
            if source[j] == "(":
                depth += 1
            elif source[j] == ")":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        args = source[i + 1:j]
        out.append(source[pos:m.start()])
        out.append(f"::eddl::hw::gpu::emulation::{mode}({config[0]}, {config[1]}, [&] {{ {m.group(1)}({args}); }})")
        pos = j + 1
    out.append(source[pos:])
    return "".join(out)


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        text = f.read()
    with open(sys.argv[2], "w") as f:
        f.write(rewrite(text))
