// SPDX-License-Identifier: MIT
// Layers: normalization.
