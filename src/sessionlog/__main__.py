from sessionlog.cli import main

raise SystemExit(main())
