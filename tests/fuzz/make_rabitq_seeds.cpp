// Writes the seed corpus of fuzz_rabitq_load: small indexes saved by the builder, one per setting
// the format has a branch for (bits 1 / extended, every store, metric and rotation, one- and
// two-level quantizer, rows removed, empty). Usage: make_rabitq_seeds DIR
// (scripts/fuzz runs it into the build tree on every run, so the seeds follow format changes; the
// copies in tests/fuzz/rabitq_load/ are the committed corpus.)
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "ruvector/rabitq/rabitq_index.hpp"

namespace rq = ruvector::rabitq;

namespace {

std::vector<float> rows(std::size_t n, std::size_t dim, unsigned salt) {
  std::vector<float> out(n * dim);
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<float>(std::sin(0.37 * static_cast<double>(i * (salt + 3U)) + salt));
  }
  return out;
}

void write(const std::string& dir, const std::string& name, const rq::RabitqIndex& index) {
  const auto bytes = index.serialize();
  std::ofstream(dir + "/" + name, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  std::printf("%s: %zu bytes\n", name.c_str(), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  struct Case {
    const char* name;
    std::size_t n, dim;
    int bits;
    rq::VectorStore store;
    ruvector::Metric metric;
    rq::RotationKind rotation;
    std::int64_t nlist;
  };
  using VS = rq::VectorStore;
  using M = ruvector::Metric;
  using R = rq::RotationKind;
  const Case cases[] = {
      {"flat_l2_bits1_f32", 40, 8, 1, VS::kF32, M::kL2, R::kHadamard, 1},
      {"flat_cosine_bits3_f16", 40, 5, 3, VS::kF16, M::kCosine, R::kHaar, 1},
      {"ivf_ip_bits8_none", 60, 3, 8, VS::kNone, M::kInnerProduct, R::kHaar, 4},
      {"ivf_l2_bits2_f32_haar", 70, 17, 2, VS::kF32, M::kL2, R::kHaar, 3},
      {"ivf_two_level_bits1_none", 300, 2, 1, VS::kNone, M::kL2, R::kHadamard, 256},
  };
  unsigned salt = 1;
  for (const Case& c : cases) {
    rq::BuildParams params;
    params.bits = c.bits;
    params.store = c.store;
    params.metric = c.metric;
    params.rotation = c.rotation;
    params.nlist = c.nlist;
    params.threads = 1;
    write(dir, c.name, rq::RabitqIndex::build(rows(c.n, c.dim, salt++), c.dim, {}, params));
  }
  // Rows removed (holes in the lists) and an index emptied by remove.
  rq::BuildParams params;
  params.nlist = 2;
  auto holes = rq::RabitqIndex::build(rows(50, 6, 9), 6, {}, params);
  const std::vector<std::uint64_t> some = {0, 7, 8, 49};
  holes.remove(some);
  write(dir, "ivf_removed_rows", holes);
  std::vector<std::uint64_t> all(50);
  for (std::uint64_t i = 0; i < 50; ++i) all[i] = i;
  holes.remove(all);
  write(dir, "emptied", holes);
  return 0;
}
