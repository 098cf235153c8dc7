// SPDX-License-Identifier: MIT
// Layers: shape layers.
