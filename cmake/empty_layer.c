/* SPDX-License-Identifier: MIT */
/* empty_layer.c: stands in for a layer of docs/design.md that has no source file yet. */
typedef int nxd_empty_layer_t;
