// A fresh directory under the system temp dir, removed with everything in it at scope exit.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>

namespace ruvector::test {

struct TempDir {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("rv_test_" + std::to_string(::getpid()) + "_" + std::to_string(std::random_device{}())))
                         .string();
  TempDir() = default;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

}  // namespace ruvector::test
