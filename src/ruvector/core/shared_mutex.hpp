// A shared mutex that lets a waiting writer in: glibc's rwlock prefers readers, so a steady stream
// of searches would starve add()/remove() forever. New readers queue behind a waiting writer.
#pragma once

#include <mutex>
#include <shared_mutex>

namespace ruvector {

class WriterPreferringSharedMutex {
 public:
  void lock() {
    const std::scoped_lock gate(gate_);  // stops new readers while we wait
    rw_.lock();
  }
  void unlock() { rw_.unlock(); }
  void lock_shared() {
    {
      const std::scoped_lock gate(gate_);
    }
    rw_.lock_shared();
  }
  void unlock_shared() { rw_.unlock_shared(); }

 private:
  std::mutex gate_;
  std::shared_mutex rw_;
};

}  // namespace ruvector
