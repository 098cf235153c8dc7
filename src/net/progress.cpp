// SPDX-License-Identifier: MIT
#include "net/progress.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <sstream>

namespace eddl::net {

namespace {
constexpr int kBarWidth = 50;

std::string format_eta(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  else if (s >= 60) std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%lds", s);
  return buf;
}
}  // namespace

std::string format_progress(int batch, int num_batches, const std::vector<OutputScores>& outputs,
                            double seconds_per_batch, double eta_seconds) {
  std::ostringstream os;
  char num[64];
  if (num_batches > 0) {
    const int done = batch >= num_batches ? kBarWidth : (batch * kBarWidth) / num_batches;
    os << "[";
    for (int i = 0; i < kBarWidth; ++i) os << (i < done ? "\u2588" : "-");
    os << "] " << batch << "/" << num_batches << " ";
  } else {
    os << batch << " ";
  }
  for (const OutputScores& o : outputs) {
    os << o.layer << "[";
    bool first = true;
    if (o.has_loss) {
      std::snprintf(num, sizeof num, "loss=%1.3f", o.loss);
      os << num;
      first = false;
    }
    if (!o.metric_name.empty()) {
      std::snprintf(num, sizeof num, "%s=%1.3f", o.metric_name.c_str(), o.metric);
      os << (first ? "" : " ") << num;
    }
    os << "] ";
  }
  if (seconds_per_batch >= 0.0) {
    std::snprintf(num, sizeof num, "%1.4f secs/batch", seconds_per_batch);
    os << num;
    if (num_batches > 0 && batch < num_batches) os << " ETA " << format_eta(eta_seconds);
  }
  return os.str();
}

Progress::Progress(int verbosity) : verbosity_(verbosity), is_terminal_(isatty(fileno(stdout)) != 0) {}

void Progress::header(const std::string& text) {
  if (verbosity_ > 0) std::cout << text << std::endl;
}

void Progress::epoch(int index, int total) {
  if (verbosity_ > 0) std::cout << "Epoch " << index << "/" << total << std::endl;
}

void Progress::batch(int b, int num_batches, const std::function<std::string()>& line) {
  if (verbosity_ == 0) return;
  const bool last = b == num_batches;
  if (verbosity_ >= 2 || !is_terminal_) {
    // One line per ~10% of the epoch (and the last batch) keeps logs short.
    const int step = num_batches >= 10 ? num_batches / 10 : 1;
    if (last) last_line_ = line();
    if (verbosity_ >= 2 && !last) return;
    if (last || b % step == 0) std::cout << (last ? last_line_ : line()) << "\n" << std::flush;
    return;
  }
  // Terminal: redraw in place, padding over a longer previous line.
  const auto now = std::chrono::steady_clock::now();
  if (!last && b > 1 && std::chrono::duration<double>(now - last_draw_).count() < kRedrawSeconds) return;
  last_draw_ = now;
  const std::string text = line();
  std::string shown = text;
  if (shown.size() < last_line_.size()) shown.append(last_line_.size() - shown.size(), ' ');
  std::cout << "\r" << shown << std::flush;
  last_line_ = text;
  if (last) std::cout << "\n";
}

void Progress::end_epoch(double seconds) {
  if (verbosity_ == 0) return;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%1.4f secs/epoch", seconds);
  std::cout << buf << std::endl;
}

void Progress::end_evaluate() {
  if (verbosity_ > 0) std::cout << std::flush;
}

}  // namespace eddl::net
