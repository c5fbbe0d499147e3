// RFC 8785 JSON Canonicalization Scheme (JCS): the byte string that Agent Card signatures (JWS,
// RFC 7515) are computed over.
//
//  - Objects: members sorted by their names compared as arrays of UTF-16 code units (not bytes, not
//    code points: U+E000..U+FFFF sort after the surrogate pairs of supplementary characters).
//  - Numbers: every number is an IEEE-754 double and is written with ECMAScript's Number::toString
//    (shortest round-trip digits; plain notation for 1e-7 < |x| < 1e21, else "1.5e+21" / "1e-7"
//    style; -0 becomes 0). int64 / uint64 values of a boost::json::value are first converted to the
//    nearest double, exactly as JSON.parse would read them.
//  - Strings: UTF-8, escaping only '"', '\\' and U+0000..U+001F (\b \t \n \f \r by name, the rest as
//    \u00xx with lower-case hex); everything else, including '/', U+007F and non-ASCII, is literal.
//  - No whitespace.
//
// Read the JSON to canonicalize with ruvector::a2a::parse_json (jsonrpc.hpp), not boost::json::parse:
// Boost 1.81's reader rounds about one in five shortest-form doubles to a neighbouring double
// (measured on tests/data/jcs_numbers.json), which changes the canonical text and breaks signatures.
//
// Errors: a value with no RFC 8785 form (NaN or infinite double, a string or member name that is not
// valid UTF-8, nesting deeper than kMaxDepth) throws ruvector::Error with ErrorCode::kProtocolError.
// ProtocolError (an A2AError) was chosen over InvalidInput because canonical JSON only exists to sign
// and verify protocol documents: a caller catching A2AError around card verification sees it.
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <string>

namespace ruvector::a2a {

inline constexpr std::size_t kMaxJcsDepth = 512;

// The canonical UTF-8 text of `value`.
std::string canonicalize(const boost::json::value& value);

// Appends the canonical text of `value` to `out`.
void canonicalize_to(const boost::json::value& value, std::string& out);

// ECMAScript Number::toString(x) for a finite double (what JSON.stringify writes). Throws
// ProtocolError for NaN and infinities.
std::string format_number(double x);

}  // namespace ruvector::a2a
