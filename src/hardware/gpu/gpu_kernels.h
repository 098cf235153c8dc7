// SPDX-License-Identifier: MIT
// The CUDA kernels: each has the signature of its kernel_list.h line, queues its work on the
// stream of the views' device and returns without waiting.
#pragma once

#include "hardware/kernel_list.h"

namespace eddl::hw::gpu {

// Elementwise (elementwise.cu) and random numbers (random.cu).
void fill(float value, Out y);
void copy_strided(In x, Out y);
void unary_map(UnaryOp op, UnaryArgs args, In x, Out y);
void unary_backward(UnaryOp op, UnaryArgs args, In x, In y, In dy, Out dx);
void binary_map(BinaryOp op, BinaryArgs args, In a, In b, Out y);
void fill_random(RandomParams params, Out y);
// Reductions (reductions.cu), GEMM (gemm.cu), softmax (softmax.cu).
void reduce(ReduceParams params, In x, Out y);
void reduce_arg(ArgReduceParams params, In x, Out y);
void gemm(GemmParams params, In a, In b, Out c);
void gemm_epilogue(GemmParams params, GemmEpilogue epilogue, In a, In b, In bias, Out c);
void softmax_forward(int axis, In x, Out y);
void softmax_backward(int axis, In y, In dy, Out dx);
// Optimizers (optimizers.cu).
void sgd_update(SgdParams params, Out w, In g, Out velocity);
void adam_update(AdamParams params, Out w, In g, Out m, Out v, Out v_max);
void adamax_update(AdamaxParams params, Out w, In g, Out m, Out u);
void rmsprop_update(RmspropParams params, Out w, In g, Out mean_square);
void adagrad_update(AdagradParams params, Out w, In g, Out sum_square);
void adadelta_update(AdadeltaParams params, Out w, In g, Out mean_square, Out mean_delta);
void nadam_update(NadamParams params, Out w, In g, Out m, Out v);
// Convolutions (conv.cu).
void conv_forward(ConvParams params, In x, In w, In bias, Out y);
void conv_backward_input(ConvParams params, In dy, In w, Out dx);
void conv_backward_weight(ConvParams params, In x, In dy, Out dw);
// Pooling (pool.cu).
void maxpool_forward(PoolParams params, In x, Out y);
void maxpool_backward(PoolParams params, In x, In y, In dy, Out dx);
void avgpool_forward(PoolParams params, In x, Out y);
void avgpool_backward(PoolParams params, In dy, Out dx);
// Normalization (normalization.cu).
void batchnorm_forward_train(BatchNormParams params, In x, In gamma, In beta, Out y, Out batch_mean,
                             Out batch_invstd, Out running_mean, Out running_var);
void batchnorm_forward_inference(BatchNormParams params, In x, In gamma, In beta, In running_mean, In running_var,
                                 Out y);
void batchnorm_backward(BatchNormParams params, In x, In gamma, In dy, In mean, In invstd, Out dx, Out dgamma,
                        Out dbeta);
// Recurrent (recurrent.cu).
void rnn_forward(RecurrentParams params, In xw, In wh, In h0, In mask, Out h);
void rnn_backward(RecurrentParams params, In wh, In h0, In mask, In h, In dh, Out dpre, Out dh0);
void lstm_forward(RecurrentParams params, In xw, In wh, In h0, In c0, In mask, Out h, Out c, Out gates);
void lstm_backward(RecurrentParams params, In wh, In h0, In c0, In mask, In c, In gates, In dh, In dc_last,
                   Out dgates, Out dh0, Out dc0);
void gru_forward(RecurrentParams params, In xw, In wh, In bias_nh, In h0, In mask, Out h, Out gates);
void gru_backward(RecurrentParams params, In wh, In h0, In mask, In h, In gates, In dh, Out dxw, Out dhw,
                  Out dh0);
void embedding_forward(EmbeddingParams params, In indices, In table, Out y);
void embedding_backward(EmbeddingParams params, In indices, In dy, Out dtable);

}  // namespace eddl::hw::gpu
