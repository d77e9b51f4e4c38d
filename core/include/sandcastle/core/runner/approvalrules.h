// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/capabilities/tool.h"

#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace Sandcastle::Core {

/// How tool calls are approved. `Ask` holds each call until Runner::decideApproval();
/// `Outside` holds only the calls that approvalReason() names a reason for and runs the rest.
enum class ApprovalPolicy { Auto, Deny, Ask, Outside };

/// A decision on a held call. `AlwaysForRun` approves it and every later call of the run that
/// matches it (see ApprovalRules).
enum class ApprovalDecision { Approve, Deny, AlwaysForRun };

/// The policy's name in the CLI (`--approve`), the journal and the settings: auto, deny, ask, outside.
[[nodiscard]] QString approvalPolicyName(ApprovalPolicy policy);
/// The policy named `name` (see approvalPolicyName), or std::nullopt.
[[nodiscard]] std::optional<ApprovalPolicy> approvalPolicyFromName(const QString &name);

/// Why ApprovalPolicy::Outside asks before `call`, or an empty string when it runs without asking.
/// `sandboxRoot` is the workspace as commands see it (ToolContext::sandboxRoot). Asked are:
/// - `exec_command` whose `workdir` lies outside the workspace;
/// - `exec_command` (its `cmd`) and `write_stdin` (its `chars`) text that names an absolute path
///   outside the workspace (except /dev/null, /dev/stdin, /dev/stdout, /dev/stderr, /dev/zero,
///   /dev/random, /dev/urandom), a `~` home path, or a relative path whose `..` climbs above the
///   workspace root, or that uses the network: a URL (`scheme://`, `git@host:`), a network
///   program (curl, wget, ssh, scp, sftp, rsync, nc, ncat, netcat, telnet, ftp, ping, dig,
///   nslookup), git clone/fetch/pull/push/ls-remote/submodule, a package manager that downloads
///   (pip/pip3/uv/poetry install|download|add, npm/pnpm/yarn/bun install|i|ci|add|update,
///   npx, cargo install|add|fetch|update|publish, apt/apt-get/dnf/yum/apk install|update|upgrade,
///   gem/go install|get, go mod download). Commands are split at `;`, `&&`, `||`, `|`, `&`,
///   newlines and `$(`/backticks; each part's program is found after `VAR=value`, sudo, env,
///   nohup, time, timeout N, nice and exec; `sh|bash|zsh|dash -c TEXT` is classified recursively;
/// - `apply_patch` with a path or move target that is absolute or climbs out with `..`.
/// Every other tool (view_image, load_skill, memory tools, ...) runs without asking.
[[nodiscard]] QString approvalReason(const ToolCall &call, const QString &sandboxRoot);

/// The keys "Always for this run" approves for `call` and a later call must be covered by:
/// - exec_command: one key per command of `cmd` (split as above): `exec_command:WORDS ARG`, where
///   WORDS are the words up to and including the program (assignments and wrappers kept) and ARG
///   the program's first argument unless it is an option (starts with `-`); a shell's `-c` script
///   stands for its own commands (too deep: no key). So approving `npm test` covers
///   `npm test -- --watch` but not `npm publish` or `sudo npm test`, `ls -la` covers `ls -R`, and
///   approving `make && npm test` covers either part alone;
/// - apply_patch: one key per directory the patch touches (`apply_patch:DIR/`, the workspace
///   root being `apply_patch:./`): later patches to files directly in those directories;
/// - any other tool: the tool name (`write_stdin`, `view_image`, ...).
/// Empty when no key can be made (unparsable patch, empty command, shells nested too deep): such a
/// call is never covered.
[[nodiscard]] QStringList approvalKeys(const ToolCall &call);

/// The standing approvals of one run ("Always for this run").
class ApprovalRules
{
public:
    /// Remembers the keys of `call`.
    void allow(const ToolCall &call);
    /// Every key of `call` was allowed before (and it has at least one).
    [[nodiscard]] bool covers(const ToolCall &call) const;
    [[nodiscard]] QStringList keys() const;
    void clear() { m_keys.clear(); }

private:
    QSet<QString> m_keys;
};

} // namespace Sandcastle::Core
