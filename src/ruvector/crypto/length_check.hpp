// Length checks shared by the verify functions: a wrong length is a caller bug, reported by name.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "ruvector/core/error.hpp"
#include "ruvector/crypto/crypto.hpp"

namespace ruvector::crypto::detail {

inline void require_length(std::string_view what, Bytes bytes, std::size_t expected) {
  if (bytes.size() != expected) {
    throw_error(ErrorCode::kInvalidInput, std::string(what) + " must be " + std::to_string(expected) + " bytes, got " +
                                              std::to_string(bytes.size()));
  }
}

}  // namespace ruvector::crypto::detail
