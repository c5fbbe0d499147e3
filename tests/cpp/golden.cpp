#include "golden.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>

namespace ruvector::test {
namespace {

template <class Out, class F>
void flatten(const boost::json::value& v, std::vector<Out>& out, F convert) {
  if (v.is_array()) {
    for (const auto& item : v.as_array()) flatten(item, out, convert);
  } else {
    out.push_back(convert(v));
  }
}

}  // namespace

std::string read_test_file(const std::string& relative) {
  const std::string path = std::string(RUVECTOR_TEST_DATA_DIR) + "/" + relative;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const boost::json::object& golden_file(const std::string& name) {
  static std::map<std::string, boost::json::object> cache;  // tests run on one thread
  const auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  return cache.emplace(name, boost::json::parse(read_test_file(name)).as_object()).first->second;
}

const boost::json::object& golden() {
  return golden_file("golden_flat.json");
}

std::vector<float> flat_floats(const boost::json::value& matrix_or_row) {
  std::vector<float> out;
  flatten(matrix_or_row, out, [](const boost::json::value& v) -> float {
    if (v.is_string()) {
      if (v.as_string() == "NaN") return std::numeric_limits<float>::quiet_NaN();
      if (v.as_string() == "Infinity") return std::numeric_limits<float>::infinity();
      throw std::runtime_error("unexpected string in golden data");
    }
    return static_cast<float>(v.to_number<double>());
  });
  return out;
}

std::vector<std::uint64_t> flat_u64(const boost::json::value& matrix_or_row) {
  std::vector<std::uint64_t> out;
  flatten(matrix_or_row, out, [](const boost::json::value& v) { return v.to_number<std::uint64_t>(); });
  return out;
}

std::vector<std::uint8_t> flat_u8(const boost::json::value& matrix) {
  std::vector<std::uint8_t> out;
  flatten(matrix, out, [](const boost::json::value& v) { return v.to_number<std::uint8_t>(); });
  return out;
}

double cosine(const float* a, const std::vector<float>& b) {
  double dot = 0;
  double na = 0;
  double nb = 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    dot += static_cast<double>(a[i]) * b[i];
    na += static_cast<double>(a[i]) * a[i];
    nb += static_cast<double>(b[i]) * b[i];
  }
  return dot / std::sqrt(na * nb);
}

bool close_to_reference(double got, double want) {
  return std::fabs(got - want) <= 1e-4 * std::max(1.0, std::fabs(want));
}

}  // namespace ruvector::test
