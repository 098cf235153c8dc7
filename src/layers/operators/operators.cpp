// SPDX-License-Identifier: MIT
// Layers: operator and reduction layers.
