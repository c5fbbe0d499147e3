// The SDK's version. Its one source is package.json (npm needs it there literally); CMake reads it
// and compiles it into version.cpp, and pyproject.toml reads the same file, so the wheel, the npm
// package, `ruvector.__version__`, the JS `version()` and the HTTP user agent cannot disagree.
#pragma once

#include <string_view>

namespace ruvector {

// "MAJOR.MINOR.PATCH" as written in package.json.
std::string_view version() noexcept;

}  // namespace ruvector
