// SPDX-License-Identifier: MIT
// Layers: merge layers.
