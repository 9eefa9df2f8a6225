import sys

from samverkan.cli import main

sys.exit(main())
