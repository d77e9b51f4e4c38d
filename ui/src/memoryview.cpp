// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/ui/memoryview.h"

#include "sandcastle/ui/memorymodel.h"

#include <QFile>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace Sandcastle::Ui {

namespace {

constexpr qint64 kMaxShownBytes = 8 * 1024 * 1024;

} // namespace

MemoryView::MemoryView(QWidget *parent)
    : QWidget(parent)
    , m_model(new MemoryModel(this))
    , m_tree(new QTreeView(this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new QLabel(this))
    , m_banner(new QLabel(this))
    , m_editor(new QPlainTextEdit(this))
    , m_save(new QPushButton(tr("&Save"), this))
    , m_reload(new QPushButton(tr("Re&load"), this))
{
    m_tree->setObjectName(QStringLiteral("memoryTree"));
    m_tree->setAccessibleName(tr("Memory files"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(MemoryModel::NameColumn, QHeaderView::Stretch);
    m_tree->header()->setStretchLastSection(false);
    m_empty->setObjectName(QStringLiteral("memoryEmptyLabel"));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setText(tr("No memory yet. Runs with the memory capability keep their summary, handbook and "
                        "rollout summaries here."));
    m_banner->setObjectName(QStringLiteral("memoryChangedBanner"));
    m_banner->setWordWrap(true);
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: palette(highlight); color: "
                                           "palette(highlighted-text); padding: 4px; }"));
    m_banner->hide();
    m_editor->setObjectName(QStringLiteral("memoryEditor"));
    m_editor->setAccessibleName(tr("Memory file text"));
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_save->setObjectName(QStringLiteral("memorySaveButton"));
    m_save->setToolTip(tr("Write your edits to the file (Ctrl+S)"));
    m_reload->setObjectName(QStringLiteral("memoryReloadButton"));
    m_reload->setToolTip(tr("Read the file again and drop unsaved edits"));

    auto *editorPane = new QWidget(this);
    auto *editorLayout = new QVBoxLayout(editorPane);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->addWidget(m_banner);
    editorLayout->addWidget(m_editor, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_reload);
    buttons->addWidget(m_save);
    editorLayout->addLayout(buttons);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_tree);
    splitter->addWidget(editorPane);
    splitter->setStretchFactor(1, 1);
    m_stack->addWidget(m_empty);
    m_stack->addWidget(splitter);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &current) {
        const QString path = current.data(MemoryModel::PathRole).toString();
        if (!path.isEmpty() && path != m_path) {
            showFile(path);
        }
    });
    connect(m_model, &MemoryModel::fileChanged, this, &MemoryView::onFileChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_tree->expandAll();
        if (!m_path.isEmpty()) {
            const QModelIndex index = m_model->indexForPath(m_path);
            if (index.isValid()) {
                m_tree->setCurrentIndex(index);
                onFileChanged(m_path); // it may be new content under the same name
            } else if (!hasUnsavedChanges()) {
                m_path.clear();
                m_loaded.clear();
                m_editor->clear();
            }
        }
        updateState();
    });
    connect(m_editor, &QPlainTextEdit::modificationChanged, this, &MemoryView::updateState);
    connect(m_save, &QPushButton::clicked, this, &MemoryView::save);
    connect(m_reload, &QPushButton::clicked, this, &MemoryView::reload);
    auto *saveShortcut = new QShortcut(QKeySequence::Save, this, this, &MemoryView::save);
    saveShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    updateState();
}

void MemoryView::setWorkspace(const QString &directory)
{
    m_path.clear();
    m_loaded.clear();
    m_editor->clear();
    m_banner->hide();
    m_model->setWorkspace(directory);
    m_tree->expandAll();
    updateState();
}

bool MemoryView::openFile(const QString &absolutePath)
{
    const QModelIndex index = m_model->indexForPath(absolutePath);
    if (!index.isValid()) {
        return false;
    }
    m_tree->setCurrentIndex(index);
    if (m_path != absolutePath) {
        showFile(absolutePath);
    }
    return true;
}

bool MemoryView::hasUnsavedChanges() const
{
    return !m_path.isEmpty() && m_editor->document()->isModified();
}

void MemoryView::showFile(const QString &absolutePath)
{
    m_path = absolutePath;
    m_banner->hide();
    QFile file(absolutePath);
    if (!file.open(QIODevice::ReadOnly)) {
        m_loaded.clear();
        m_editor->setPlainText(tr("Cannot read %1: %2").arg(absolutePath, file.errorString()));
        m_editor->setReadOnly(true);
    } else {
        m_loaded = file.read(kMaxShownBytes);
        const bool truncated = !file.atEnd();
        m_editor->setPlainText(QString::fromUtf8(m_loaded));
        const QModelIndex index = m_model->indexForPath(absolutePath);
        m_editor->setReadOnly(truncated || !index.data(MemoryModel::EditableRole).toBool());
        if (truncated) {
            m_editor->appendPlainText(
                tr("\n[only the first %1 are shown]").arg(QLocale().formattedDataSize(kMaxShownBytes)));
        }
    }
    m_editor->document()->setModified(false);
    updateState();
}

void MemoryView::onFileChanged(const QString &absolutePath)
{
    if (absolutePath != m_path) {
        return;
    }
    QFile file(absolutePath);
    if (file.open(QIODevice::ReadOnly) && file.read(kMaxShownBytes) == m_loaded) {
        return; // our own save, or only the time changed
    }
    if (hasUnsavedChanges()) {
        m_banner->setText(tr("This file changed on disk while you were editing it. Reload to see the new "
                             "version (your edits are dropped), or save to keep yours."));
        m_banner->show();
        return;
    }
    showFile(absolutePath);
}

bool MemoryView::save()
{
    if (m_path.isEmpty() || m_editor->isReadOnly()) {
        return false;
    }
    const QByteArray bytes = m_editor->toPlainText().toUtf8();
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        m_banner->setText(tr("Cannot save %1: %2").arg(m_path, file.errorString()));
        m_banner->show();
        return false;
    }
    m_loaded = bytes;
    m_banner->hide();
    m_editor->document()->setModified(false);
    updateState();
    return true;
}

void MemoryView::reload()
{
    if (!m_path.isEmpty()) {
        showFile(m_path);
    }
}

void MemoryView::updateState()
{
    m_stack->setCurrentIndex(m_model->fileCount() > 0 || !m_path.isEmpty() ? 1 : 0);
    m_save->setEnabled(hasUnsavedChanges() && !m_editor->isReadOnly());
    m_reload->setEnabled(!m_path.isEmpty());
}

} // namespace Sandcastle::Ui
