// SPDX-License-Identifier: MIT
// EDDL_CHECK: the one way eddl code states a precondition. It throws eddl::ValueError (or the
// given Error subclass) whose text ends with the source location, so every report is traceable.
#pragma once

#include <sstream>
#include <string>

#include "eddl/errors.h"

namespace eddl::detail {

[[noreturn]] inline void throw_check(const std::string& message, const char* file, int line) {
  std::ostringstream os;
  os << message << " [" << file << ":" << line << "]";
  throw ValueError(os.str());
}

template <class ErrorType>
[[noreturn]] void throw_error(const std::string& message, const char* file, int line) {
  std::ostringstream os;
  os << message << " [" << file << ":" << line << "]";
  throw ErrorType(os.str());
}

}  // namespace eddl::detail

/// Throws eddl::ValueError with `message` (a stream expression) when `cond` is false.
#define EDDL_CHECK(cond, message)                                            \
  do {                                                                       \
    if (!(cond)) {                                                           \
      std::ostringstream eddl_check_os_;                                     \
      eddl_check_os_ << message;                                             \
      ::eddl::detail::throw_check(eddl_check_os_.str(), __FILE__, __LINE__); \
    }                                                                        \
  } while (0)

/// Throws the given eddl error type with `message` (a stream expression) when `cond` is false.
#define EDDL_CHECK_AS(ErrorType, cond, message)                                         \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      std::ostringstream eddl_check_os_;                                                \
      eddl_check_os_ << message;                                                        \
      ::eddl::detail::throw_error<ErrorType>(eddl_check_os_.str(), __FILE__, __LINE__); \
    }                                                                                   \
  } while (0)
