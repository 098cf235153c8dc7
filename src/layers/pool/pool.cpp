// SPDX-License-Identifier: MIT
// Layers: pooling.
