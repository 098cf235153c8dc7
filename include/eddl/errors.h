// SPDX-License-Identifier: MIT
// The exceptions eddl throws. Every failure is one of these, with a message that names the op or
// layer, the shapes, the device and the file involved. Nothing prints and carries on.
#pragma once

#include <stdexcept>
#include <string>

namespace eddl {

/// Base of every error eddl raises; `what()` carries the whole explanation.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// A shape, argument or configuration that cannot work (raised before any work is done).
class ValueError : public Error {
 public:
  using Error::Error;
};

/// A file that cannot be read or written, or whose contents are malformed.
class IOError : public Error {
 public:
  using Error::Error;
};

/// A kernel or device that this build or machine does not provide.
class NotSupportedError : public Error {
 public:
  using Error::Error;
};

/// An allocation the device could not satisfy (requested bytes and device in the message).
class OutOfMemoryError : public Error {
 public:
  using Error::Error;
};

}  // namespace eddl
