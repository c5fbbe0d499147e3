// One error hierarchy for every target. Bindings translate `ErrorCode` into the class of the same
// name in Python (ruvector.errors) and JS (errors.mjs); the message always names the bad values.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace ruvector {

enum class ErrorCode : int {
  kRuVectorError = 1,  // base class: an error with no narrower kind
  kDimensionMismatch = 2,
  kEmptyIndex = 3,
  kInvalidInput = 4,  // NaN/Inf, k <= 0, bad metric name, duplicate ids, ...
  kPersistError = 5,
  kWitnessMismatch = 6,
  kA2AError = 7,
  kTransportError = 8,
  kProtocolError = 9,
  kCardSignatureInvalid = 10,
  kEmbedError = 11,
};

// The class name shared by every language, e.g. "DimensionMismatch".
std::string_view error_name(ErrorCode code) noexcept;

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  [[nodiscard]] ErrorCode code() const noexcept { return code_; }
  [[nodiscard]] std::string_view name() const noexcept { return error_name(code_); }

 private:
  ErrorCode code_;
};

[[noreturn]] void throw_error(ErrorCode code, const std::string& message);

}  // namespace ruvector
