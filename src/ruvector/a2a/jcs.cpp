#include "ruvector/a2a/jcs.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ruvector/core/error.hpp"

namespace ruvector::a2a {
namespace {

namespace json = boost::json;

[[noreturn]] void fail(const std::string& message) {
  throw_error(ErrorCode::kProtocolError, "JSON canonicalization (RFC 8785): " + message);
}

// Shortest round-trip decimal digits of a finite, non-zero, positive double: value = 0.d1d2...dk * 10^point.
// Boost.JSON serializes doubles with Ryu (Ulf Adams, PLDI 2018), which yields the shortest digit string
// that reads back to the same double, choosing the one closest to the exact value; its text is
// "d[.ddd]E[-]x". We only re-lay those digits out; tests/data/jcs_numbers.json checks the result
// against Node's JSON.stringify.
struct Decimal {
  std::string digits;  // no leading or trailing zeros
  int point = 0;       // position of the decimal point relative to the first digit
};

Decimal shortest_digits(double x) {
  const std::string ryu = json::serialize(json::value(x));
  Decimal out;
  std::size_t i = 0;
  while (i < ryu.size() && ryu[i] != 'E' && ryu[i] != 'e') {
    if (ryu[i] >= '0' && ryu[i] <= '9') out.digits.push_back(ryu[i]);
    ++i;
  }
  if (i >= ryu.size() || out.digits.empty()) fail("unexpected double text \"" + ryu + "\"");
  ++i;
  bool negative_exponent = false;
  if (i < ryu.size() && (ryu[i] == '-' || ryu[i] == '+')) negative_exponent = ryu[i++] == '-';
  int exponent = 0;
  for (; i < ryu.size(); ++i) {
    if (ryu[i] < '0' || ryu[i] > '9' || exponent > 10000) fail("unexpected double text \"" + ryu + "\"");
    exponent = exponent * 10 + (ryu[i] - '0');
  }
  if (negative_exponent) exponent = -exponent;
  // Ryu prints d.ddd * 10^exponent, i.e. the point sits after the first digit.
  const std::size_t first = out.digits.find_first_not_of('0');
  if (first == std::string::npos) fail("unexpected double text \"" + ryu + "\"");
  out.point = exponent + 1 - static_cast<int>(first);
  out.digits.erase(0, first);
  while (out.digits.size() > 1 && out.digits.back() == '0') out.digits.pop_back();
  return out;
}

void append_number(double x, std::string& out) {
  if (!std::isfinite(x)) fail(std::isnan(x) ? "NaN has no JSON form" : "an infinite number has no JSON form");
  if (x == 0) {  // +0 and -0
    out.push_back('0');
    return;
  }
  if (x < 0) {
    out.push_back('-');
    x = -x;
  }
  const Decimal d = shortest_digits(x);
  const int k = static_cast<int>(d.digits.size());
  const int n = d.point;  // ECMAScript's n: value = digits * 10^(n-k)
  if (k <= n && n <= 21) {
    out += d.digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(d.digits, 0, static_cast<std::size_t>(n));
    out.push_back('.');
    out.append(d.digits, static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += d.digits;
  } else {
    out.push_back(d.digits[0]);
    if (k > 1) {
      out.push_back('.');
      out.append(d.digits, 1);
    }
    const int e = n - 1;
    out.push_back('e');
    out.push_back(e < 0 ? '-' : '+');
    out += std::to_string(e < 0 ? -e : e);
  }
}

// Decodes one UTF-8 sequence starting at s[i]; returns the code point and advances i. Rejects
// overlong forms, surrogates and values above U+10FFFF (RFC 3629).
char32_t decode_utf8(std::string_view s, std::size_t& i, std::string_view what) {
  const auto byte = [&](std::size_t at) { return static_cast<unsigned>(static_cast<unsigned char>(s[at])); };
  const unsigned b0 = byte(i);
  if (b0 < 0x80U) {
    ++i;
    return b0;
  }
  std::size_t len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0U) == 0xC0U) {
    len = 2, cp = b0 & 0x1FU, min = 0x80;
  } else if ((b0 & 0xF0U) == 0xE0U) {
    len = 3, cp = b0 & 0x0FU, min = 0x800;
  } else if ((b0 & 0xF8U) == 0xF0U) {
    len = 4, cp = b0 & 0x07U, min = 0x10000;
  } else {
    fail(std::string(what) + " is not valid UTF-8 (byte " + std::to_string(b0) + " at offset " + std::to_string(i) +
         ")");
  }
  if (i + len > s.size())
    fail(std::string(what) + " is not valid UTF-8 (truncated sequence at offset " + std::to_string(i) + ")");
  for (std::size_t j = 1; j < len; ++j) {
    const unsigned b = byte(i + j);
    if ((b & 0xC0U) != 0x80U) {
      fail(std::string(what) + " is not valid UTF-8 (bad continuation byte at offset " + std::to_string(i + j) + ")");
    }
    cp = (cp << 6U) | (b & 0x3FU);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    fail(std::string(what) + " is not valid UTF-8 (overlong form, surrogate or out-of-range code point at offset " +
         std::to_string(i) + ")");
  }
  i += len;
  return cp;
}

void append_string(std::string_view s, std::string& out, std::string_view what) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t start = i;
    const char32_t cp = decode_utf8(s, i, what);
    switch (cp) {
      case U'"': out += "\\\""; break;
      case U'\\': out += "\\\\"; break;
      case U'\b': out += "\\b"; break;
      case U'\f': out += "\\f"; break;
      case U'\n': out += "\\n"; break;
      case U'\r': out += "\\r"; break;
      case U'\t': out += "\\t"; break;
      default:
        if (cp < 0x20) {
          out += "\\u00";
          out.push_back(kHex[cp >> 4U]);
          out.push_back(kHex[cp & 0xFU]);
        } else {
          out.append(s, start, i - start);
        }
    }
  }
  out.push_back('"');
}

// The sort key of a member name: its UTF-16 code units.
std::u16string utf16_key(std::string_view s) {
  std::u16string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const char32_t cp = decode_utf8(s, i, "a member name");
    if (cp < 0x10000) {
      out.push_back(static_cast<char16_t>(cp));
    } else {
      const char32_t v = cp - 0x10000;
      out.push_back(static_cast<char16_t>(0xD800U + (v >> 10U)));
      out.push_back(static_cast<char16_t>(0xDC00U + (v & 0x3FFU)));
    }
  }
  return out;
}

void append_value(const json::value& v, std::string& out, std::size_t depth) {
  if (depth > kMaxJcsDepth) fail("nesting deeper than " + std::to_string(kMaxJcsDepth) + " levels");
  switch (v.kind()) {
    case json::kind::null: out += "null"; return;
    case json::kind::bool_: out += v.get_bool() ? "true" : "false"; return;
    case json::kind::int64: append_number(static_cast<double>(v.get_int64()), out); return;
    case json::kind::uint64: append_number(static_cast<double>(v.get_uint64()), out); return;
    case json::kind::double_: append_number(v.get_double(), out); return;
    case json::kind::string: {
      const json::string& s = v.get_string();
      append_string(std::string_view(s.data(), s.size()), out, "a string");
      return;
    }
    case json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const json::value& item : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        append_value(item, out, depth + 1);
      }
      out.push_back(']');
      return;
    }
    case json::kind::object: {
      const json::object& obj = v.get_object();
      std::vector<std::pair<std::u16string, const json::key_value_pair*>> members;
      members.reserve(obj.size());
      for (const json::key_value_pair& kv : obj) members.emplace_back(utf16_key(kv.key()), &kv);
      std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      out.push_back('{');
      bool first = true;
      for (const auto& member : members) {
        if (!first) out.push_back(',');
        first = false;
        append_string(member.second->key(), out, "a member name");
        out.push_back(':');
        append_value(member.second->value(), out, depth + 1);
      }
      out.push_back('}');
      return;
    }
  }
}

}  // namespace

std::string canonicalize(const json::value& value) {
  std::string out;
  canonicalize_to(value, out);
  return out;
}

void canonicalize_to(const json::value& value, std::string& out) {
  append_value(value, out, 0);
}

std::string format_number(double x) {
  std::string out;
  append_number(x, out);
  return out;
}

}  // namespace ruvector::a2a
