// SPDX-License-Identifier: MIT
// Layers: convolutions.
