"""Which organisation each activity belongs to, as recruitment announces it (ActivityPublished
on recruitment.activity): a new session or poll takes its activity's organisation."""
