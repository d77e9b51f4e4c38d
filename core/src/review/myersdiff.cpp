// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/myersdiff_p.h"

#include <unordered_set>

namespace Sandcastle::Core::Internal {

namespace {

class Differ
{
public:
    Differ(const std::vector<int> &a, const std::vector<int> &b, EditFlags &flags)
        : m_a(a)
        , m_b(b)
        , m_flags(flags)
    {}

    // Compares a[a0, a1) with b[b0, b1).
    void compare(qsizetype a0, qsizetype a1, qsizetype b0, qsizetype b1)
    {
        while (a0 < a1 && b0 < b1 && m_a[a0] == m_b[b0]) {
            ++a0;
            ++b0;
        }
        while (a0 < a1 && b0 < b1 && m_a[a1 - 1] == m_b[b1 - 1]) {
            --a1;
            --b1;
        }
        if (a0 == a1) {
            for (qsizetype j = b0; j < b1; ++j) {
                m_flags.added[j] = true;
            }
            return;
        }
        if (b0 == b1) {
            for (qsizetype i = a0; i < a1; ++i) {
                m_flags.removed[i] = true;
            }
            return;
        }
        qsizetype x = 0;
        qsizetype y = 0;
        if (!middleSnake(a0, a1, b0, b1, x, y)) {
            for (qsizetype i = a0; i < a1; ++i) {
                m_flags.removed[i] = true;
            }
            for (qsizetype j = b0; j < b1; ++j) {
                m_flags.added[j] = true;
            }
            return;
        }
        compare(a0, a0 + x, b0, b0 + y);
        compare(a0 + x, a1, b0 + y, b1);
    }

private:
    // The bisection of diff-match-patch (Myers 1986, section 4b): walks the edit graph from both
    // ends until the paths overlap; (x, y) is the split point relative to (a0, b0). Returns false
    // when the ranges have nothing in common.
    bool middleSnake(qsizetype a0, qsizetype a1, qsizetype b0, qsizetype b1, qsizetype &outX, qsizetype &outY)
    {
        const qsizetype n = a1 - a0;
        const qsizetype m = b1 - b0;
        const qsizetype maxD = (n + m + 1) / 2;
        const qsizetype offset = maxD;
        const qsizetype length = 2 * maxD + 2;
        m_v1.assign(length, -1);
        m_v2.assign(length, -1);
        m_v1[offset + 1] = 0;
        m_v2[offset + 1] = 0;
        const qsizetype delta = n - m;
        const bool front = (delta % 2) != 0;
        qsizetype k1start = 0;
        qsizetype k1end = 0;
        qsizetype k2start = 0;
        qsizetype k2end = 0;
        const int *a = m_a.data() + a0;
        const int *b = m_b.data() + b0;
        for (qsizetype d = 0; d < maxD; ++d) {
            for (qsizetype k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
                const qsizetype k1o = offset + k1;
                qsizetype x1 =
                    (k1 == -d || (k1 != d && m_v1[k1o - 1] < m_v1[k1o + 1])) ? m_v1[k1o + 1] : m_v1[k1o - 1] + 1;
                qsizetype y1 = x1 - k1;
                while (x1 < n && y1 < m && a[x1] == b[y1]) {
                    ++x1;
                    ++y1;
                }
                m_v1[k1o] = x1;
                if (x1 > n) {
                    k1end += 2;
                } else if (y1 > m) {
                    k1start += 2;
                } else if (front) {
                    const qsizetype k2o = offset + delta - k1;
                    if (k2o >= 0 && k2o < length && m_v2[k2o] != -1 && x1 >= n - m_v2[k2o]) {
                        outX = x1;
                        outY = y1;
                        return true;
                    }
                }
            }
            for (qsizetype k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
                const qsizetype k2o = offset + k2;
                qsizetype x2 =
                    (k2 == -d || (k2 != d && m_v2[k2o - 1] < m_v2[k2o + 1])) ? m_v2[k2o + 1] : m_v2[k2o - 1] + 1;
                qsizetype y2 = x2 - k2;
                while (x2 < n && y2 < m && a[n - x2 - 1] == b[m - y2 - 1]) {
                    ++x2;
                    ++y2;
                }
                m_v2[k2o] = x2;
                if (x2 > n) {
                    k2end += 2;
                } else if (y2 > m) {
                    k2start += 2;
                } else if (!front) {
                    const qsizetype k1o = offset + delta - k2;
                    if (k1o >= 0 && k1o < length && m_v1[k1o] != -1) {
                        const qsizetype x1 = m_v1[k1o];
                        const qsizetype y1 = offset + x1 - k1o;
                        if (x1 >= n - x2) {
                            outX = x1;
                            outY = y1;
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    const std::vector<int> &m_a;
    const std::vector<int> &m_b;
    EditFlags &m_flags;
    std::vector<qsizetype> m_v1;
    std::vector<qsizetype> m_v2;
};

} // namespace

EditFlags myersDiff(const std::vector<int> &a, const std::vector<int> &b)
{
    EditFlags flags;
    flags.removed.assign(a.size(), false);
    flags.added.assign(b.size(), false);
    // Nothing in common (a rewritten file): skip the quadratic search.
    const std::unordered_set<int> inA(a.begin(), a.end());
    bool shared = false;
    for (const int v : b) {
        if (inA.contains(v)) {
            shared = true;
            break;
        }
    }
    if (!shared) {
        flags.removed.assign(a.size(), true);
        flags.added.assign(b.size(), true);
        return flags;
    }
    Differ(a, b, flags).compare(0, qsizetype(a.size()), 0, qsizetype(b.size()));
    return flags;
}

} // namespace Sandcastle::Core::Internal
