from terminassistent.cli import main

raise SystemExit(main())
