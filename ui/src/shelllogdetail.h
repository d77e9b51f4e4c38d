// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/ui/ansiconverter.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTextCursor;

namespace Sandcastle::Ui {

class ShellLogModel;

/// The selected shell log entry in full: a header with the command, working directory, exit
/// code and duration, and the output with its terminal colours (AnsiConverter). So that a huge
/// output cannot freeze the UI, big outputs are converted on a worker thread and only a window of
/// at most kMaxLines lines / kMaxChars characters is put on screen; "Show all" adds the rest in
/// slices of about kSliceBudgetMs, one per event-loop turn. GUI thread only.
class ShellLogDetail : public QWidget
{
    Q_OBJECT
public:
    static constexpr qsizetype kMaxLines = 2000;
    static constexpr qsizetype kMaxChars = 200000;
    static constexpr qsizetype kSyncConvertBytes = 256 * 1024; ///< larger outputs convert on a worker
    static constexpr int kSliceBudgetMs = 8;

    explicit ShellLogDetail(ShellLogModel *model, QWidget *parent = nullptr);

    /// Shows `row` of the model (-1: nothing).
    void showRow(int row);
    [[nodiscard]] int row() const { return m_row; }
    /// The model changed rows [first, last]: the shown entry is re-read when it is among them.
    void rowsChanged(int first, int last);
    /// Brings [position, position + length) of the output text into view and marks it (-1: no mark).
    void highlight(qsizetype position, qsizetype length);
    /// Puts the whole output on screen (in slices).
    void showAll();

    /// True while only part of the output is on screen.
    [[nodiscard]] bool isTruncated() const;
    /// True while the output is being converted or added.
    [[nodiscard]] bool isRendering() const { return m_converting || m_sliceTimer.isActive(); }
    /// The output as converted (all of it, not only the window on screen).
    [[nodiscard]] const StyledText &styledOutput() const { return m_converted.styled; }
    [[nodiscard]] QPlainTextEdit *outputEdit() const { return m_edit; }

Q_SIGNALS:
    /// The output of the shown row is on screen (after a conversion, a window change or the last slice).
    void rendered();

private:
    /// A converted output with the offsets its lines start at.
    struct Converted
    {
        StyledText styled;
        QList<qsizetype> lineStarts;
    };
    [[nodiscard]] static Converted convert(const QByteArray &output, const QColor &foreground,
                                           const QColor &background);
    struct Shown
    {
        int row = -1;
        bool finished = false;
        qint64 outputSize = -1;
        QString error;
        friend bool operator==(const Shown &, const Shown &) = default;
    };
    void load(bool keepWindow);
    void setConverted(Converted converted);
    void renderWindow(qsizetype start);
    void appendSlice();
    void insertStyled(QTextCursor &cursor, qsizetype from, qsizetype to) const;
    [[nodiscard]] qsizetype windowEnd(qsizetype start, qsizetype maxLines) const;
    [[nodiscard]] qsizetype lineOf(qsizetype position) const;
    void updateBar();
    void applyHighlight();

    QPointer<ShellLogModel> m_model;
    QLabel *m_header = nullptr;
    QPlainTextEdit *m_edit = nullptr;
    QWidget *m_bar = nullptr;
    QLabel *m_barText = nullptr;
    QPushButton *m_showAll = nullptr;
    int m_row = -1;
    Shown m_shown;
    Converted m_converted;
    qsizetype m_windowStart = 0;
    qsizetype m_windowEnd = 0;
    qsizetype m_pendingStart = 0; ///< where the window starts once the conversion is done
    qsizetype m_highlightStart = -1;
    qsizetype m_highlightLength = 0;
    bool m_converting = false;
    quint64 m_generation = 0;
    QTimer m_sliceTimer;
};

} // namespace Sandcastle::Ui
