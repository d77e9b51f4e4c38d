// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <openssl/crypto.h>

namespace Sandcastle::Core::Internal {

/// For a task on a global thread-pool thread that uses OpenSSL (hashing, random bytes, AEAD):
/// frees OpenSSL's state for that thread (its error queue and random generator, on the process's
/// first use also its configuration) when the task's scope ends. Such a thread can outlive
/// OPENSSL_cleanup() at exit, which deletes the key that would free the state at thread exit, so
/// it would leak (LeakSanitizer caught it intermittently in tst_snapshotpacks and in the
/// `sandcastle` child of tst_credentialscli). The next task on the thread makes it again.
class OpenSslThreadRelease
{
public:
    OpenSslThreadRelease() = default;
    OpenSslThreadRelease(const OpenSslThreadRelease &) = delete;
    OpenSslThreadRelease &operator=(const OpenSslThreadRelease &) = delete;
    ~OpenSslThreadRelease() { OPENSSL_thread_stop(); }
};

} // namespace Sandcastle::Core::Internal
