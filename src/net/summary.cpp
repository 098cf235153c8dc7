// SPDX-License-Identifier: MIT
// summary(): EDDL's table (79-dash rules, name | in => out params, totals) plus a device column.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "eddl/net/net.h"
#include "tensor/dispatch.h"
#include "tensor/shape.h"

namespace {
std::string padded(const std::string& s, size_t width, bool right = false) {
  if (s.size() >= width) return s;
  return right ? std::string(width - s.size(), ' ') + s : s + std::string(width - s.size(), ' ');
}
}  // namespace

std::string Net::summary(bool print_stdout) {
  const std::string rule(79, '-');
  size_t name_width = 0;
  for (const Layer* l : layers) name_width = std::max(name_width, l->name.size());
  std::ostringstream os;
  os << rule << "\n" << name << "\n" << rule << "\n";
  long total = 0, trainable = 0;
  for (const Layer* l : layers) {
    const std::vector<int> in_shape = l->parent.empty() ? l->getShape() : l->parent[0]->getShape();
    const long n = l->count_params();
    total += n;
    trainable += l->count_trainable_params();
    os << padded(l->name, name_width) << "|  " << padded(eddl::shape::to_string(in_shape), 20) << padded("=>", 5)
       << padded(eddl::shape::to_string(l->getShape()), 20) << padded(std::to_string(n), 10, true) << "  "
       << (isbuild ? eddl::device_name_of(l->dev) : "-") << "\n";
  }
  os << rule << "\n";
  os << "Total params: " << total << "\n";
  os << "Trainable params: " << trainable << "\n";
  os << "Non-trainable params: " << total - trainable << "\n\n";
  const std::string text = os.str();
  if (print_stdout) std::cout << text << std::flush;
  return text;
}
