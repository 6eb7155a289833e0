# generated from ui/main_window.ui by packaging/build_forms.py — do not edit
# (uic 6.11.3)

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QAction, QBrush, QColor, QConicalGradient,
    QCursor, QFont, QFontDatabase, QGradient,
    QIcon, QImage, QKeySequence, QLinearGradient,
    QPainter, QPalette, QPixmap, QRadialGradient,
    QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHBoxLayout, QHeaderView,
    QLineEdit, QMainWindow, QMenu, QMenuBar,
    QSizePolicy, QSpacerItem, QStatusBar, QTableView,
    QVBoxLayout, QWidget)

class Ui_MainWindow(object):
    def setupUi(self, MainWindow):
        if not MainWindow.objectName():
            MainWindow.setObjectName(u"MainWindow")
        MainWindow.resize(1280, 760)
        self.actionReload = QAction(MainWindow)
        self.actionReload.setObjectName(u"actionReload")
        self.actionQuit = QAction(MainWindow)
        self.actionQuit.setObjectName(u"actionQuit")
        self.actionFind = QAction(MainWindow)
        self.actionFind.setObjectName(u"actionFind")
        self.centralwidget = QWidget(MainWindow)
        self.centralwidget.setObjectName(u"centralwidget")
        self.centralLayout = QVBoxLayout(self.centralwidget)
        self.centralLayout.setSpacing(6)
        self.centralLayout.setObjectName(u"centralLayout")
        self.searchLayout = QHBoxLayout()
        self.searchLayout.setObjectName(u"searchLayout")
        self.searchField = QLineEdit(self.centralwidget)
        self.searchField.setObjectName(u"searchField")
        self.searchField.setMinimumSize(QSize(320, 0))
        self.searchField.setMaximumSize(QSize(520, 16777215))
        self.searchField.setClearButtonEnabled(True)

        self.searchLayout.addWidget(self.searchField)

        self.searchSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.searchLayout.addItem(self.searchSpacer)


        self.centralLayout.addLayout(self.searchLayout)

        self.customerTable = QTableView(self.centralwidget)
        self.customerTable.setObjectName(u"customerTable")
        self.customerTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.customerTable.setAlternatingRowColors(True)
        self.customerTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.customerTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.customerTable.setSortingEnabled(True)
        self.customerTable.setWordWrap(False)
        self.customerTable.horizontalHeader().setHighlightSections(False)
        self.customerTable.horizontalHeader().setStretchLastSection(True)
        self.customerTable.verticalHeader().setVisible(False)

        self.centralLayout.addWidget(self.customerTable)

        MainWindow.setCentralWidget(self.centralwidget)
        self.menubar = QMenuBar(MainWindow)
        self.menubar.setObjectName(u"menubar")
        self.menubar.setGeometry(QRect(0, 0, 1280, 24))
        self.menuFile = QMenu(self.menubar)
        self.menuFile.setObjectName(u"menuFile")
        self.menuEdit = QMenu(self.menubar)
        self.menuEdit.setObjectName(u"menuEdit")
        MainWindow.setMenuBar(self.menubar)
        self.statusbar = QStatusBar(MainWindow)
        self.statusbar.setObjectName(u"statusbar")
        MainWindow.setStatusBar(self.statusbar)
        QWidget.setTabOrder(self.searchField, self.customerTable)

        self.menubar.addAction(self.menuFile.menuAction())
        self.menubar.addAction(self.menuEdit.menuAction())
        self.menuFile.addAction(self.actionReload)
        self.menuFile.addSeparator()
        self.menuFile.addAction(self.actionQuit)
        self.menuEdit.addAction(self.actionFind)

        self.retranslateUi(MainWindow)

        QMetaObject.connectSlotsByName(MainWindow)
    # setupUi

    def retranslateUi(self, MainWindow):
        MainWindow.setWindowTitle(QCoreApplication.translate("MainWindow", u"Terminassistent", None))
        self.actionReload.setText(QCoreApplication.translate("MainWindow", u"&Neu laden", None))
#if QT_CONFIG(tooltip)
        self.actionReload.setToolTip(QCoreApplication.translate("MainWindow", u"Den Bestand neu aus der Datenbank lesen", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(shortcut)
        self.actionReload.setShortcut(QCoreApplication.translate("MainWindow", u"F5", None))
#endif // QT_CONFIG(shortcut)
        self.actionQuit.setText(QCoreApplication.translate("MainWindow", u"&Beenden", None))
#if QT_CONFIG(shortcut)
        self.actionQuit.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+Q", None))
#endif // QT_CONFIG(shortcut)
        self.actionFind.setText(QCoreApplication.translate("MainWindow", u"&Suchen \u2026", None))
#if QT_CONFIG(tooltip)
        self.actionFind.setToolTip(QCoreApplication.translate("MainWindow", u"In das Suchfeld springen", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(shortcut)
        self.actionFind.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+F", None))
#endif // QT_CONFIG(shortcut)
#if QT_CONFIG(tooltip)
        self.searchField.setToolTip(QCoreApplication.translate("MainWindow", u"Findet Kundinnen und Kunden nach Name, Kundennummer oder Geburtsdatum (TT.MM.JJJJ). Gro\u00df-/Kleinschreibung egal; \u201eM\u00fcller\u201c findet auch \u201eMueller\u201c. Mehrere W\u00f6rter: alle m\u00fcssen passen.", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.searchField.setAccessibleName(QCoreApplication.translate("MainWindow", u"Suche im Bestand", None))
#endif // QT_CONFIG(accessibility)
        self.searchField.setPlaceholderText(QCoreApplication.translate("MainWindow", u"Suchen: Name, Kundennummer \u2026", None))
#if QT_CONFIG(accessibility)
        self.customerTable.setAccessibleName(QCoreApplication.translate("MainWindow", u"Bestand: Kundinnen und Kunden", None))
#endif // QT_CONFIG(accessibility)
        self.menuFile.setTitle(QCoreApplication.translate("MainWindow", u"&Datei", None))
        self.menuEdit.setTitle(QCoreApplication.translate("MainWindow", u"&Bearbeiten", None))
    # retranslateUi

