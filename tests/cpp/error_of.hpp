// What a callable throws, for tests of error paths: the ruvector::Error code and message, or
// {kRuVectorError, ""} when it throws nothing (which no error-path test expects).
#pragma once

#include <string>
#include <utility>

#include "ruvector/core/error.hpp"

namespace ruvector::test {

template <class F>
std::pair<ErrorCode, std::string> error_of(F&& f) {
  try {
    std::forward<F>(f)();
  } catch (const Error& e) {
    return {e.code(), e.what()};
  }
  return {ErrorCode::kRuVectorError, ""};
}

template <class F>
ErrorCode code_of(F&& f) {
  return error_of(std::forward<F>(f)).first;
}

template <class F>
std::string message_of(F&& f) {
  return error_of(std::forward<F>(f)).second;
}

}  // namespace ruvector::test
