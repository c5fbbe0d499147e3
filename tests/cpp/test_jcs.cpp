// RFC 8785 canonicalization: the RFC author's examples (tests/data/jcs/, byte for byte) and an
// independent number oracle (tests/data/jcs_numbers.json: JSON.stringify output written by Node).
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "golden.hpp"
#include "ruvector/a2a/jcs.hpp"
#include "ruvector/a2a/jsonrpc.hpp"
#include "ruvector/core/error.hpp"

namespace json = boost::json;
using ruvector::ErrorCode;
using ruvector::a2a::canonicalize;
using ruvector::a2a::format_number;

namespace {

double from_bits(const std::string& hex) {
  const std::uint64_t bits = std::stoull(hex, nullptr, 16);
  double x = 0;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

ErrorCode error_code_of(const json::value& v) {
  try {
    (void)canonicalize(v);
  } catch (const ruvector::Error& e) {
    return e.code();
  }
  return ErrorCode::kRuVectorError;
}

json::value string_value(const std::string& bytes) {
  return json::value(json::string(bytes));
}

}  // namespace

TEST_CASE("JCS: the RFC 8785 reference examples canonicalize byte for byte", "[jcs]") {
  for (const char* name : {"arrays", "french", "structures", "unicode", "values", "weird"}) {
    INFO("example " << name);
    // parse_json, not boost::json::parse: Boost 1.81 reads 333333333.33333329 one ulp off.
    const json::value input =
        ruvector::a2a::parse_json(ruvector::test::read_test_file(std::string("jcs/input/") + name + ".json"));
    const std::string expected = ruvector::test::read_test_file(std::string("jcs/output/") + name + ".json");
    CHECK(canonicalize(input) == expected);
    // Canonical text is a fixed point.
    CHECK(canonicalize(json::parse(expected)) == expected);
  }
}

TEST_CASE("JCS: number formatting matches Node's JSON.stringify on the oracle file", "[jcs]") {
  const json::value doc = json::parse(ruvector::test::read_test_file("jcs_numbers.json"));
  const json::array& cases = doc.at("cases").as_array();
  REQUIRE(cases.size() >= 2000);
  REQUIRE(cases.size() == doc.at("count").to_number<std::size_t>());
  std::size_t mismatches = 0;
  std::size_t checked = 0;
  for (const json::value& c : cases) {
    const json::array& row = c.as_array();
    const std::string hex(row.at(0).as_string());
    const std::string expected(row.at(1).as_string());
    const double x = from_bits(hex);
    const std::string got = format_number(x);
    ++checked;
    if (got != expected) {
      if (++mismatches <= 20)
        WARN("bits " << hex << " (" << row.at(2).as_string() << "): got " << got << ", want " << expected);
    }
    // Through a json::value the result is the same.
    if (got != canonicalize(json::value(x))) ++mismatches;
  }
  INFO(checked << " numbers checked");
  CHECK(mismatches == 0);
}

TEST_CASE("JCS: numbers of every kind", "[jcs]") {
  CHECK(format_number(0.0) == "0");
  CHECK(format_number(-0.0) == "0");
  CHECK(format_number(1e21) == "1e+21");
  CHECK(format_number(1e20) == "100000000000000000000");
  CHECK(format_number(1e-7) == "1e-7");
  CHECK(format_number(1e-6) == "0.000001");
  CHECK(format_number(5e-324) == "5e-324");
  CHECK(format_number(-1.5) == "-1.5");
  CHECK(format_number(std::numeric_limits<double>::max()) == "1.7976931348623157e+308");
  CHECK(format_number(9007199254740992.0) == "9007199254740992");
  CHECK(format_number(123456789.125) == "123456789.125");
  // int64 / uint64 go through the nearest double, as JSON.parse would read them.
  CHECK(canonicalize(json::value(std::int64_t{42})) == "42");
  CHECK(canonicalize(json::value(std::int64_t{-7})) == "-7");
  CHECK(canonicalize(json::value(std::numeric_limits<std::int64_t>::max())) == "9223372036854776000");
  CHECK(canonicalize(json::value(std::numeric_limits<std::uint64_t>::max())) == "18446744073709552000");
  CHECK(canonicalize(json::value(std::int64_t{9007199254740993})) == "9007199254740992");
}

TEST_CASE("JCS: string escaping follows ECMAScript JSON.stringify", "[jcs]") {
  CHECK(canonicalize(string_value(std::string("a\0b", 3))) == "\"a\\u0000b\"");
  CHECK(canonicalize(string_value("\x01\x1f\x7f")) == "\"\\u0001\\u001f\x7f\"");
  CHECK(canonicalize(string_value("\b\t\n\f\r\"\\/")) == "\"\\b\\t\\n\\f\\r\\\"\\\\/\"");
  CHECK(canonicalize(string_value("\xe2\x82\xac \xf0\x9f\x98\x82 \xe2\x80\xa8")) ==
        "\"\xe2\x82\xac \xf0\x9f\x98\x82 \xe2\x80\xa8\"");
}

TEST_CASE("JCS: member names sort by UTF-16 code units", "[jcs]") {
  json::object o;
  o["\xee\x80\x80"] = 1;      // U+E000: one code unit 0xE000
  o["\xf0\x9f\x98\x80"] = 2;  // U+1F600: surrogates 0xD83D 0xDE00, sorts before 0xE000
  o["\xc3\xa9"] = 3;          // U+00E9
  o["z"] = 4;
  o["Z"] = 5;
  o[""] = 6;
  CHECK(canonicalize(o) == "{\"\":6,\"Z\":5,\"z\":4,\"\xc3\xa9\":3,\"\xf0\x9f\x98\x80\":2,\"\xee\x80\x80\":1}");
  CHECK(canonicalize(json::parse(R"({"b":[1,{"d":2,"c":1}],"a":null})")) == R"({"a":null,"b":[1,{"c":1,"d":2}]})");
}

TEST_CASE("JCS: values with no canonical form are a ProtocolError", "[jcs]") {
  CHECK(error_code_of(json::value(std::numeric_limits<double>::quiet_NaN())) == ErrorCode::kProtocolError);
  CHECK(error_code_of(json::value(std::numeric_limits<double>::infinity())) == ErrorCode::kProtocolError);
  CHECK(error_code_of(json::value(-std::numeric_limits<double>::infinity())) == ErrorCode::kProtocolError);
  CHECK_THROWS_WITH(format_number(std::numeric_limits<double>::quiet_NaN()), Catch::Contains("NaN"));
  for (const char* bad : {"\xff", "\xc0\x80", "\xe0\x80\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82", "\x80",
                          "a\xc3", "\xf0\x9f\x98"}) {
    INFO("bytes " << json::serialize(json::value(json::string(bad))));
    CHECK(error_code_of(string_value(bad)) == ErrorCode::kProtocolError);
    json::object o;
    o[bad] = 1;
    CHECK(error_code_of(o) == ErrorCode::kProtocolError);
  }
  CHECK_THROWS_WITH(canonicalize(string_value("ok\xed\xa0\x80")), Catch::Contains("not valid UTF-8"));
  json::value deep = json::array();
  for (std::size_t i = 0; i < ruvector::a2a::kMaxJcsDepth + 2; ++i) {
    json::array wrap;
    wrap.push_back(std::move(deep));
    deep = std::move(wrap);
  }
  CHECK_THROWS_WITH(canonicalize(deep), Catch::Contains("nesting deeper"));
}
