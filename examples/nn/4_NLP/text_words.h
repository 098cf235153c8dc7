// SPDX-License-Identifier: MIT
// Words of a real text Debian ships, for the NLP examples that need no data set download.
#pragma once

#include <cctype>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace example {

/// Lower-case alphabetic words of a text file, in order.
inline std::vector<std::string> words_of(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot read " + path + " (Debian's base-files ships it)");
  std::vector<std::string> words;
  std::string w;
  char c;
  while (f.get(c)) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!w.empty()) {
      words.push_back(w);
      w.clear();
    }
  }
  return words;
}

}  // namespace example
