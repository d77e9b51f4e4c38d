// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The V4A patch parser and the diff applier, in memory. Input: "<original file>\0<patch text>" (no
// NUL: the whole input is the patch and the original is empty). Every operation's diff is applied
// to the original the way apply_patch would.
#include "fuzzsupport.h"
#include "sandcastle/core/capabilities/filesystem/patchparser.h"
#include "sandcastle/core/capabilities/filesystem/v4adiff.h"

using namespace Sandcastle::Core;
using Sandcastle::Fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = Sandcastle::Fuzz::bytes(data, size);
    const qsizetype nul = input.indexOf('\0');
    const QString original = nul < 0 ? QString() : QString::fromUtf8(input.left(nul));
    const QString patch = QString::fromUtf8(nul < 0 ? input : input.mid(nul + 1));

    const Result<QList<PatchOperation>> ops = PatchParser::parse(patch);
    if (!ops) {
        check(!ops.error().message.isEmpty(), "a parse error has a message");
    } else {
        for (const PatchOperation &op : *ops) {
            check(!op.path.isEmpty(), "an operation names a path");
            check(op.line >= 1 && op.diffLine >= 1, "line numbers are 1-based");
            switch (op.kind) {
            case PatchOperation::Kind::Create:
                (void)applyDiff(QString(), op.diff, DiffMode::Create, op.diffLine);
                break;
            case PatchOperation::Kind::Update:
                (void)applyDiff(original, op.diff, DiffMode::Update, op.diffLine);
                break;
            case PatchOperation::Kind::Delete:
                break;
            }
        }
    }
    // The bare diff applier on the same text.
    (void)applyDiff(original, patch, DiffMode::Update);
    (void)applyDiff(QString(), patch, DiffMode::Create);
    return 0;
}
