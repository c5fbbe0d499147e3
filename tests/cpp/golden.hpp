// Loads tests/data/golden_flat.json, the vectors every target checks.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace ruvector::test {

const boost::json::object& golden();
// The bytes of a file under tests/data.
std::string read_test_file(const std::string& relative);

// Any JSON file of tests/data, parsed once.
const boost::json::object& golden_file(const std::string& name);

std::vector<float> flat_floats(const boost::json::value& matrix_or_row);  // "NaN"/"Infinity" allowed
std::vector<std::uint64_t> flat_u64(const boost::json::value& matrix_or_row);
std::vector<std::uint8_t> flat_u8(const boost::json::value& matrix);

// Cosine similarity of a[0, b.size()) and b, in double.
double cosine(const float* a, const std::vector<float>& b);

// The golden tolerance: |got - want| <= 1e-4 * max(1, |want|).
bool close_to_reference(double got, double want);

}  // namespace ruvector::test
