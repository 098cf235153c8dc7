// SPDX-License-Identifier: MIT
// The console output of fit/evaluate: EDDL's structure (an "N epochs of M batches" header, "Epoch i",
// a 50-character bar with the batch counter and "<output>[loss=… metric=…]" per output, secs/batch)
// with what users asked for: the metric's name, an ETA, and no ANSI redraw when stdout is not a
// terminal (then about ten lines an epoch, so logs stay readable).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace eddl::net {

struct OutputScores {
  std::string layer;
  bool has_loss = false;
  double loss = 0.0;
  std::string metric_name;  ///< empty: no metric
  double metric = 0.0;
};

/// "[bar] b/nb name[loss=0.412 categorical_accuracy=0.881] 0.0123 secs/batch ETA 3s"; with nb = 0
/// (print_loss) only "b name[...] ".
std::string format_progress(int batch, int num_batches, const std::vector<OutputScores>& outputs,
                            double seconds_per_batch, double eta_seconds);

class Progress {
 public:
  /// verbosity 0: silent; 1: a line per batch (redrawn on a terminal); 2: a line per epoch.
  explicit Progress(int verbosity);
  void header(const std::string& text);
  void epoch(int index, int total);
  /// `line` is called only when the line will be printed.
  void batch(int b, int num_batches, const std::function<std::string()>& line);
  void end_epoch(double seconds);
  void end_evaluate();

 private:
  int verbosity_;
  bool is_terminal_;
  std::string last_line_;
  /// When the terminal line was last drawn: a line reads the scores back, which waits for the
  /// device, so a terminal is redrawn at most every kRedrawSeconds (and at the last batch).
  std::chrono::steady_clock::time_point last_draw_{};
  static constexpr double kRedrawSeconds = 0.1;
};

}  // namespace eddl::net
