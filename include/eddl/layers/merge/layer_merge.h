// SPDX-License-Identifier: MIT
// Merge layers: Add, Subtract, Average, Maximum, Minimum (elementwise over parents of one shape),
// Concat (along a non-batch axis) and MatMul (a matrix product per sample). EDDL's class names.
#pragma once

#include <string>
#include <vector>

#include "eddl/layers/layer.h"

/// Elementwise merge of two or more parents of one shape (no broadcasting, as in EDDL).
class LMergeElementwise : public MLayer {
 public:
  enum class Kind { add, subtract, average, maximum, minimum };
  Kind kind;

  LMergeElementwise(const std::vector<Layer*>& parents, Kind kind, const std::string& name, int dev = DEV_CPU,
                    int mem = 0);
  std::string type_name() const override;
  void forward() override;
  /// Sums and averages pass the delta on (negated for Subtract's later parents); Maximum and
  /// Minimum give it to the parent that won, the first one on ties.
  void backward() override;
  std::vector<std::string> required_kernels() const override { return {"fill", "binary_map", "unary_map"}; }
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// y = x0 + x1 + ... (EDDL's Add of a layer list; default names merge_add<N>).
class LAdd : public LMergeElementwise {
 public:
  LAdd(const std::vector<Layer*>& parents, const std::string& name, int dev = DEV_CPU, int mem = 0)
      : LMergeElementwise(parents, Kind::add, name, dev, mem) {}
};

/// y = x0 - x1 - x2 - ...
class LSubtract : public LMergeElementwise {
 public:
  LSubtract(const std::vector<Layer*>& parents, const std::string& name, int dev = DEV_CPU, int mem = 0)
      : LMergeElementwise(parents, Kind::subtract, name, dev, mem) {}
};

/// y = (x0 + ... + xn-1) / n.
class LAverage : public LMergeElementwise {
 public:
  LAverage(const std::vector<Layer*>& parents, const std::string& name, int dev = DEV_CPU, int mem = 0)
      : LMergeElementwise(parents, Kind::average, name, dev, mem) {}
};

/// y = max(x0, x1, ...) elementwise.
class LMaximum : public LMergeElementwise {
 public:
  LMaximum(const std::vector<Layer*>& parents, const std::string& name, int dev = DEV_CPU, int mem = 0)
      : LMergeElementwise(parents, Kind::maximum, name, dev, mem) {}
};

/// y = min(x0, x1, ...) elementwise.
class LMinimum : public LMergeElementwise {
 public:
  LMinimum(const std::vector<Layer*>& parents, const std::string& name, int dev = DEV_CPU, int mem = 0)
      : LMergeElementwise(parents, Kind::minimum, name, dev, mem) {}
};

/// Joins two or more parents along `axis` (non-batch; negative counts from the end); the other
/// dimensions must agree.
class LConcat : public MLayer {
 public:
  int axis;  ///< normalised, without batch

  LConcat(const std::vector<Layer*>& parents, int axis, const std::string& name, int dev = DEV_CPU, int mem = 0);
  std::string type_name() const override { return "concat"; }
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override { return {"copy_strided", "binary_map"}; }

 private:
  std::vector<int> offsets_;  ///< where each parent starts along the axis
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// Per-sample matrix product of two parents (..., M, K) x (..., K, N) -> (..., M, N); the leading
/// non-batch dimensions must agree and are batched like the batch itself.
class LMatMul : public MLayer {
 public:
  LMatMul(const std::vector<Layer*>& parents, const std::string& name, int dev = DEV_CPU, int mem = 0);
  std::string type_name() const override { return "matmul"; }
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override { return {"gemm"}; }
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};
