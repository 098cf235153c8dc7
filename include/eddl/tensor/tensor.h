// SPDX-License-Identifier: MIT
// Tensor: eddl's float32 n-dimensional array, with EDDL's names and signatures. Data is row-major
// and contiguous; a tensor lives on one device (DEV_CPU, DEV_GPU + i, DEV_FPGA + i) and every op
// runs there, through the one dispatch in src/tensor/. Methods come in EDDL's three flavours:
// `x_()` in place, `x()` returning a new tensor the caller owns, and `static x(A, B)` writing B.
// Sizes are 64-bit inside and every product of dimensions is overflow-checked.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace eddl::hw {
class Buffer;
}

// EDDL's device codes.
constexpr int DEV_CPU = 0;
constexpr int DEV_GPU = 1000;
constexpr int DEV_GPU_0 = 1000, DEV_GPU_1 = 1001, DEV_GPU_2 = 1002, DEV_GPU_3 = 1003, DEV_GPU_4 = 1004,
              DEV_GPU_5 = 1005, DEV_GPU_6 = 1006, DEV_GPU_7 = 1007, DEV_GPU_8 = 1008;
constexpr int DEV_FPGA = 2000;
constexpr int DEV_FPGA_0 = 2000, DEV_FPGA_1 = 2001, DEV_FPGA_2 = 2002, DEV_FPGA_3 = 2003, DEV_FPGA_4 = 2004,
              DEV_FPGA_5 = 2005, DEV_FPGA_6 = 2006, DEV_FPGA_7 = 2007, DEV_FPGA_8 = 2008;
constexpr int MAX_GPUS = 8;
constexpr int MAX_FPGAS = 8;

typedef std::vector<int> tshape;

class Tensor {
 public:
  // ---- EDDL's public fields (read them; change them only through methods) ----
  int device = DEV_CPU;       ///< device code
  bool isshared = false;      ///< true when the data belongs to someone else (wrapped pointer)
  int ndim = 0;               ///< rank
  unsigned long size = 0;     ///< number of elements
  std::vector<int> shape;     ///< extent of each dimension, outermost first
  std::vector<int> stride;    ///< row-major strides in elements
  float* ptr = nullptr;       ///< the data (a device pointer for GPU tensors)
  int gpu_device = 0;         ///< GPU index for GPU tensors

  // ---- Construction ----
  Tensor();
  /// Uninitialised tensor of `shape` on `dev`.
  explicit Tensor(const std::vector<int>& shape, int dev = DEV_CPU);
  /// Wraps `fptr` without owning it (isshared = true); the memory must outlive the tensor.
  Tensor(const std::vector<int>& shape, float* fptr, int dev = DEV_CPU, void* fptr2 = nullptr);
  /// A new view of T's data with another shape of the same size (shares storage).
  Tensor(const std::vector<int>& shape, Tensor* T);
  /// Copies `data` (row-major) into a new tensor of `shape`; sizes must match.
  Tensor(const std::vector<float>& data, const std::vector<int>& shape, int dev = DEV_CPU);
  ~Tensor();
  Tensor(const Tensor&) = delete;
  Tensor& operator=(const Tensor&) = delete;
  Tensor(Tensor&& other) noexcept;
  Tensor& operator=(Tensor&& other) noexcept;

  // ---- Devices and information ----
  void toCPU(int dev = DEV_CPU);
  void toGPU(int dev = DEV_GPU);
  void toFPGA(int dev = DEV_FPGA);
  void toDevice(int dev);
  bool isCPU() const;
  bool isGPU() const;
  bool isFPGA() const;
  std::string getDeviceName() const;
  static int getDeviceID(int dev);
  std::vector<int> getShape() const { return shape; }
  unsigned int numel() const { return static_cast<unsigned int>(size); }
  /// Prints shape, strides, device and address (EDDL's layout).
  void info() const;
  /// Prints the values, NumPy-like, with `precision` decimals; `raw` prints one flat line.
  void print(int precision = 6, bool raw = false) const;
  /// The values as a flat vector (copied to the host).
  std::vector<float> to_std() const;
  /// Element at a multi-index (copied to the host; for tests and debugging).
  float get_(const std::vector<int>& indices) const;
  /// Sets the element at a multi-index.
  void set_(const std::vector<int>& indices, float value);
  static bool isSquared(Tensor* A);
  static bool sameShape(Tensor* A, Tensor* B);
  static bool sameSize(Tensor* A, Tensor* B);
  static bool sameDevice(Tensor* A, Tensor* B);
  static int eqsize(Tensor* A, Tensor* B);

  // ---- Creation (new tensors the caller owns) ----
  static Tensor* empty(const std::vector<int>& shape, int dev = DEV_CPU);
  static Tensor* empty_like(Tensor* A);
  static Tensor* zeros(const std::vector<int>& shape, int dev = DEV_CPU);
  static Tensor* zeros_like(Tensor* A);
  static Tensor* ones(const std::vector<int>& shape, int dev = DEV_CPU);
  static Tensor* ones_like(Tensor* A);
  static Tensor* full(const std::vector<int>& shape, float value, int dev = DEV_CPU);
  static Tensor* full_like(Tensor* A, float value);
  /// [start, end) by step: ceil((end - start) / step) values.
  static Tensor* arange(float start, float end, float step = 1.0f, int dev = DEV_CPU);
  /// [start, end] by step: floor((end - start) / step) + 1 values.
  static Tensor* range(float start, float end, float step = 1.0f, int dev = DEV_CPU);
  static Tensor* linspace(float start, float end, int steps = 100, int dev = DEV_CPU);
  static Tensor* logspace(float start, float end, int steps = 100, float base = 10.0f, int dev = DEV_CPU);
  static Tensor* geomspace(float start, float end, int steps = 100, int dev = DEV_CPU);
  /// rows x rows with ones on the diagonal shifted by `offset`.
  static Tensor* eye(int rows, int offset = 0, int dev = DEV_CPU);
  static Tensor* identity(int rows, int dev = DEV_CPU);
  /// U[0, 1) from the global generator (see set_seed).
  static Tensor* randu(const std::vector<int>& shape, int dev = DEV_CPU);
  /// N(0, 1) from the global generator.
  static Tensor* randn(const std::vector<int>& shape, int dev = DEV_CPU);
  /// Seeds the global generator used by randu/randn/fill_rand_* and default initializers.
  static void set_seed(uint64_t seed);
  Tensor* clone() const;
  /// Copies A's values into B (same size; any devices).
  static void copy(Tensor* A, Tensor* B);

  // ---- Filling ----
  void fill_(float v);
  Tensor* fill(float v) const;
  static void fill(Tensor* A, float v);
  void fill_rand_uniform_(float v);          ///< U[0, v)
  void fill_rand_signed_uniform_(float v);   ///< U[-v, v)
  void fill_rand_normal_(float m, float s, bool fast_math = true);
  void fill_rand_binary_(float v);           ///< 1 with probability v

  // ---- Shape ----
  /// Same data, new shape; one entry may be -1 (inferred, in any position).
  void reshape_(const std::vector<int>& new_shape);
  Tensor* reshape(const std::vector<int>& new_shape) const;
  static Tensor* reshape(Tensor* A, const std::vector<int>& new_shape);
  void flatten_();
  Tensor* flatten() const;
  /// Removes dimension `axis` of size 1, or every size-1 dimension when axis = -1.
  void squeeze_(int axis = -1);
  Tensor* squeeze(int axis = -1) const;
  void unsqueeze_(int axis = 0);
  Tensor* unsqueeze(int axis = 0) const;
  /// Dimensions reordered: output dim i is input dim dims[i].
  void permute_(const std::vector<int>& dims);
  Tensor* permute(const std::vector<int>& dims) const;
  static Tensor* permute(Tensor* A, const std::vector<int>& dims);
  void moveaxis_(int source, int destination);
  Tensor* moveaxis(int source, int destination) const;
  void swapaxis_(int axis1, int axis2);
  Tensor* swapaxis(int axis1, int axis2) const;
  /// Reverses a 2-D matrix's axes.
  static void transpose(Tensor* A, Tensor* B, std::vector<int> dims);
  static Tensor* concat(const std::vector<Tensor*>& A, unsigned int axis = 0, Tensor* output = nullptr);
  static Tensor* stack(const std::vector<Tensor*>& A, unsigned int axis = 0, Tensor* output = nullptr);
  /// A broadcast into B's shape (NumPy rules).
  static Tensor* broadcast(Tensor* A, Tensor* B);

  // ---- Indexing (EDDL index strings: ":", "a:b", ":b", "a:", "i"; negative from the end) ----
  Tensor* select(const std::vector<std::string>& indices) const;
  void set_select(const std::vector<std::string>& indices, float value);
  void set_select(const std::vector<std::string>& indices, Tensor* A);
  /// Rows `indices` of A (along the first axis) into B, in order.
  static void select(Tensor* A, Tensor* B, const std::vector<int>& indices);

  // ---- Elementwise maths ----
#define EDDL_TENSOR_UNARY(name)   \
  void name##_();                 \
  Tensor* name() const;           \
  static void name(Tensor* A, Tensor* B);
  EDDL_TENSOR_UNARY(abs)
  EDDL_TENSOR_UNARY(acos)
  EDDL_TENSOR_UNARY(asin)
  EDDL_TENSOR_UNARY(atan)
  EDDL_TENSOR_UNARY(ceil)
  EDDL_TENSOR_UNARY(cos)
  EDDL_TENSOR_UNARY(cosh)
  EDDL_TENSOR_UNARY(exp)
  EDDL_TENSOR_UNARY(floor)
  EDDL_TENSOR_UNARY(log)
  EDDL_TENSOR_UNARY(log2)
  EDDL_TENSOR_UNARY(log10)
  EDDL_TENSOR_UNARY(neg)
  EDDL_TENSOR_UNARY(round)
  EDDL_TENSOR_UNARY(rsqrt)
  EDDL_TENSOR_UNARY(sigmoid)
  EDDL_TENSOR_UNARY(sin)
  EDDL_TENSOR_UNARY(sinh)
  EDDL_TENSOR_UNARY(sqr)
  EDDL_TENSOR_UNARY(sqrt)
  EDDL_TENSOR_UNARY(tan)
  EDDL_TENSOR_UNARY(tanh)
  EDDL_TENSOR_UNARY(trunc)
#undef EDDL_TENSOR_UNARY
  void reciprocal_();
  Tensor* reciprocal() const;
  void inv_(float v = 1.0f);
  Tensor* inv(float v = 1.0f) const;
  void sign_(float zero_sign = 0.0f);
  Tensor* sign(float zero_sign = 0.0f) const;
  void clamp_(float min, float max);
  Tensor* clamp(float min, float max) const;
  static void clamp(Tensor* A, Tensor* B, float min, float max);
  void clampmax_(float max);
  void clampmin_(float min);
  void logn_(float n);
  Tensor* logn(float n) const;
  void pow_(float exp);
  Tensor* pow(float exp) const;
  static void pow(Tensor* A, Tensor* B, float exp);
  void powb_(float base);
  Tensor* powb(float base) const;
  void mod_(float v);
  Tensor* mod(float v) const;
  /// Rescales linearly so that min -> `min` and max -> `max`.
  void normalize_(float min = 0.0f, float max = 1.0f);
  Tensor* normalize(float min = 0.0f, float max = 1.0f) const;

#define EDDL_TENSOR_ARITH(name)                          \
  void name##_(float v);                                 \
  void name##_(Tensor* A);                               \
  Tensor* name(float v) const;                           \
  Tensor* name(Tensor* A) const;                         \
  static Tensor* name(Tensor* A, Tensor* B);             \
  static void name(Tensor* A, Tensor* B, float v);       \
  static void name(Tensor* A, Tensor* B, Tensor* C);
  EDDL_TENSOR_ARITH(add)
  EDDL_TENSOR_ARITH(sub)
  EDDL_TENSOR_ARITH(mult)
  EDDL_TENSOR_ARITH(div)
#undef EDDL_TENSOR_ARITH
  /// C = scA * A + scB * B (+ C when incC).
  static void add(float scA, Tensor* A, float scB, Tensor* B, Tensor* C, int incC);
  static void inc(Tensor* A, Tensor* B);  ///< B += A
  static void el_mult(Tensor* A, Tensor* B, Tensor* C, int incC);
  static void el_div(Tensor* A, Tensor* B, Tensor* C, int incC);
  static Tensor* maximum(Tensor* A, float v);
  static Tensor* maximum(Tensor* A, Tensor* B);
  static Tensor* minimum(Tensor* A, float v);
  static Tensor* minimum(Tensor* A, Tensor* B);
  /// C = f1 * A + f2 * B.
  static Tensor* interpolate(float factor1, Tensor* A, float factor2, Tensor* B);

  // ---- Linear algebra ----
  /// C = op(A) * op(B) (+ C when incC); A, B, C 2-D; tA/tB = 1 transposes.
  static void mult2D(Tensor* A, int tA, Tensor* B, int tB, Tensor* C, int incC);
  /// C = A * B (2-D), a new tensor.
  static Tensor* matmul(Tensor* A, Tensor* B);
  float trace(int k = 0) const;
  /// Sum of each row / column of a 2-D tensor (EDDL's statics).
  static void reduce_sum2D(Tensor* A, Tensor* B, int axis, int incB);
  static void sum2D_rowwise(Tensor* A, Tensor* B, Tensor* C);  ///< C = A + B (B a row vector)

  // ---- Reductions (full -> scalar, per axis -> new tensor) ----
  float max() const;
  float min() const;
  int argmax() const;
  int argmin() const;
  float sum() const;
  float sum_abs() const;
  float prod() const;
  float mean() const;
  float var(bool unbiased = true) const;
  float std(bool unbiased = true) const;
  float norm(const std::string& ord = "fro") const;
  Tensor* max(const std::vector<int>& axis, bool keepdims) const;
  Tensor* min(const std::vector<int>& axis, bool keepdims) const;
  Tensor* argmax(const std::vector<int>& axis, bool keepdims) const;
  Tensor* argmin(const std::vector<int>& axis, bool keepdims) const;
  Tensor* sum(const std::vector<int>& axis, bool keepdims) const;
  Tensor* sum_abs(const std::vector<int>& axis, bool keepdims) const;
  Tensor* prod(const std::vector<int>& axis, bool keepdims) const;
  Tensor* mean(const std::vector<int>& axis, bool keepdims) const;
  Tensor* var(const std::vector<int>& axis, bool keepdims, bool unbiased = true) const;
  Tensor* std(const std::vector<int>& axis, bool keepdims, bool unbiased = true) const;

  // ---- Comparison and logic (results are 0/1 float tensors) ----
#define EDDL_TENSOR_COMPARE(name)                         \
  void name##_(float v);                                  \
  Tensor* name(float v) const;                            \
  Tensor* name(Tensor* A) const;                          \
  static void name(Tensor* A, Tensor* B, float v);        \
  static void name(Tensor* A, Tensor* B, Tensor* C);
  EDDL_TENSOR_COMPARE(greater)
  EDDL_TENSOR_COMPARE(greater_equal)
  EDDL_TENSOR_COMPARE(less)
  EDDL_TENSOR_COMPARE(less_equal)
  EDDL_TENSOR_COMPARE(equal)
  EDDL_TENSOR_COMPARE(not_equal)
#undef EDDL_TENSOR_COMPARE
  static bool all(Tensor* A);
  static bool any(Tensor* A);
  static void isfinite(Tensor* A, Tensor* B);
  static void isinf(Tensor* A, Tensor* B);
  static void isnan(Tensor* A, Tensor* B);
  static bool anynan(Tensor* A);
  static void logical_not(Tensor* A, Tensor* B);
  static void logical_and(Tensor* A, Tensor* B, Tensor* C);
  static void logical_or(Tensor* A, Tensor* B, Tensor* C);
  static void logical_xor(Tensor* A, Tensor* B, Tensor* C);
  bool allclose(Tensor* A, float rtol = 1e-05f, float atol = 1e-08f, bool equal_nan = false) const;
  static bool equivalent(Tensor* A, Tensor* B, float atol = 1e-08f, float rtol = 1e-05f, bool equal_nan = false,
                         bool verbose = true);

  // ---- Files ----
  /// Reads a tensor; the format comes from the extension when `format` is empty: "bin" (EDDL's
  /// layout: int32 ndim, int32 shape[ndim], float32 data) or "npy". Malformed files raise
  /// eddl::IOError naming the file and what was wrong.
  static Tensor* load(const std::string& filename, std::string format = "");
  /// Rows [start_row, end_row) of a .bin file, reading only those bytes (end_row = -1: to the end).
  static Tensor* load_partial(const std::string& filename, int start_row = 0, int end_row = -1);
  /// Writes "bin" or "npy" (float32, C order); "csv", "tsv", "txt" for 2-D tensors.
  void save(const std::string& filename, std::string format = "") const;

  // ---- Internal (used by eddl's own floors; not part of EDDL's API) ----
  /// The storage this tensor views (shared by reshape_ and views).
  const std::shared_ptr<eddl::hw::Buffer>& storage() const { return storage_; }
  /// Element offset of `ptr` inside the storage (0 unless this is a sub-view).
  void update_strides();

 private:
  std::shared_ptr<eddl::hw::Buffer> storage_;
  void allocate(const std::vector<int>& new_shape, int dev);
  friend struct TensorAccess;
};
