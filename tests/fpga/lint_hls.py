#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Lint for the HLS kernels (src/hardware/fpga/kernels): no HLS compiler is here, so the coding
# rules that make them synthesizable are checked by text: extern "C" top functions with an
# INTERFACE pragma per argument, only pointer/int/float arguments, no heap, exceptions, RTTI, STL,
# virtual calls or recursion, and only the allowed includes. Exit 1 with one line per violation.
import pathlib
import re
import sys

ALLOWED_INCLUDES = {'<cmath>', '<cstdint>', '"hardware/fpga/kernels/hls_compat.h"', '"hardware/scalar_ops.h"',
                    '"hardware/fpga/kernel_table.h"'}
BANNED = [
    (r'\bnew\b', 'heap allocation (new)'), (r'\bdelete\b', 'heap release (delete)'),
    (r'\b(malloc|calloc|realloc|free)\s*\(', 'heap allocation (malloc family)'),
    (r'\b(throw|try|catch)\b', 'exceptions'), (r'\b(dynamic_cast|typeid)\b', 'RTTI'),
    (r'\bstd::(?!(sqrt|exp|log|fabs|isfinite|isinf))\w+', 'STL'), (r'\bvirtual\b', 'virtual functions'),
    (r'\bstatic\s+(?!const)\w+[^;(]*;', 'static state'),
]
TOP = re.compile(r'extern\s+"C"\s+void\s+(\w+)\s*\(([^)]*)\)\s*\{', re.S)
ARG = re.compile(r'^(const\s+float\s*\*|float\s*\*|int|float)\s*(\w+)$')


def strip_comments(text):
    text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
    return re.sub(r'//[^\n]*', '', text)


def body_of(text, start):
    depth, i = 0, start
    while i < len(text):
        depth += {'{': 1, '}': -1}.get(text[i], 0)
        if depth == 0:
            return text[start:i + 1]
        i += 1
    return text[start:]


def lint(path):
    problems = []
    raw = path.read_text()
    text = strip_comments(raw)
    for inc in re.findall(r'#include\s+(\S+)', text):
        if inc not in ALLOWED_INCLUDES:
            problems.append(f'include {inc} is not allowed in HLS code')
    code = '\n'.join(line for line in text.split('\n') if not line.strip().startswith('#'))
    for pattern, what in BANNED:
        for m in re.finditer(pattern, code):
            problems.append(f'{what}: "{m.group(0).strip()}"')
    tops = list(TOP.finditer(text))
    if not tops:
        problems.append('no extern "C" top function')
    for m in tops:
        name, args = m.group(1), [a.strip() for a in m.group(2).split(',') if a.strip()]
        body = body_of(text, m.end() - 1)
        for a in args:
            am = ARG.match(re.sub(r'\s+', ' ', a))
            if not am:
                problems.append(f'{name}: argument "{a}" is not a float pointer, int or float')
                continue
            port = am.group(2)
            if not re.search(r'#pragma HLS INTERFACE \w+ port = ' + port + r'\b', body):
                problems.append(f'{name}: argument {port} has no #pragma HLS INTERFACE')
        if not re.search(r'#pragma HLS INTERFACE s_axilite port = return', body):
            problems.append(f'{name}: no s_axilite port = return (ap_ctrl) interface')
        if re.search(r'\b' + name + r'\s*\(', body[1:]):
            problems.append(f'{name}: recursion')
    return [f'{path}: {p}' for p in problems]


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else 'src/hardware/fpga/kernels')
    files = sorted(root.glob('*.cpp'))
    if not files:
        print(f'lint_hls: no kernels under {root}')
        return 1
    problems = [p for f in files for p in lint(f)]
    for p in problems:
        print(p)
    print(f'lint_hls: {len(files)} kernel files, {len(problems)} problems')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
